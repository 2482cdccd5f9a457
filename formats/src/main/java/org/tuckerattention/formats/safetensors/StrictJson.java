package org.tuckerattention.formats.safetensors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.tuckerattention.formats.CheckpointException;

/**
 * Parses the JSON of safetensors headers and shard indexes strictly: a duplicate key or anything but
 * whitespace after the value is an error (Jackson's defaults accept both silently), and errors are
 * one line with the position. Jackson's default limits (nesting depth 1000, string length) bound
 * what a hostile text can cost.
 */
final class StrictJson {

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Jackson embeds a description of the source in nested locations; it says nothing useful here. */
    private static final Pattern SOURCE_NOTE = Pattern.compile("\\[Source: [^;\\]]*(\\([^)]*\\))?; ");

    /**
     * The value {@code text} holds, or a {@link CheckpointException} on {@code file} starting with
     * {@code invalid} (e.g. "header is not valid JSON").
     */
    static JsonNode parse(Path file, String text, String invalid) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonNode value = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new CheckpointException(
                        file, invalid + where(parser.currentTokenLocation()) + ": unexpected text after the value");
            }
            return value == null ? JSON.missingNode() : value;
        } catch (JsonProcessingException e) {
            String problem = SOURCE_NOTE.matcher(e.getOriginalMessage()).replaceAll("[");
            throw new CheckpointException(file, invalid + where(e.getLocation()) + ": " + problem);
        } catch (IOException e) {
            throw new IllegalStateException("reading a String cannot fail", e);
        }
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private StrictJson() {}
}
