package org.tuckerattention.converter.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo's built-in text: fifty plain English sentences, used when no {@code --text} is given. */
public final class DemoText {

    /** Copies the sentences to {@code file} (the runtime reads text from files) and returns it. */
    public static Path writeTo(Path file) {
        try (InputStream in = DemoText.class.getResourceAsStream("sentences.txt")) {
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DemoText() {}
}
