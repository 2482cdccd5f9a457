package org.tuckerattention.validation.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.tuckerattention.formats.SharedData;

/** The reference values of ../shared/models/stories260K/golden.json (from a float64 numpy forward). */
record Stories260KGolden(JsonNode json) {

    static Path folder() {
        return SharedData.stories260K();
    }

    static Stories260KGolden read() {
        try {
            return new Stories260KGolden(new ObjectMapper().readTree(folder().resolve("golden.json").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String sentence() {
        return json.get("sentence").asText();
    }

    int[] tokenIds() {
        return ints(json.get("token_ids"));
    }

    int[] greedyFromBos() {
        return ints(json.get("greedy_ids_from_bos"));
    }

    /** Summed NLL of the sentence's tokens after BOS, in nats; {@code form} is "f32" or "bf16". */
    double nll(String form) {
        return json.get(form).get("nll").asDouble();
    }

    double perplexity(String form) {
        return json.get(form).get("perplexity").asDouble();
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }
}
