package org.tuckerattention.validation.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tuckerattention.formats.CheckpointException;

/** Reads the user's text files (validation, calibration, healing text), with the one-line errors of the CLI. */
public final class TextFiles {

    /** The whole of {@code text} as UTF-8. */
    public static String read(Path text) {
        try {
            return Files.readString(text, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(text, "no such text file");
        } catch (MalformedInputException e) {
            throw new CheckpointException(text, "not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TextFiles() {}
}
