package org.tuckerattention.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh folder in the system's temporary directory, removed with everything in it on close. */
public final class TemporaryFolder implements AutoCloseable {

    private final Path path;

    private TemporaryFolder(Path path) {
        this.path = path;
    }

    /** Creates {@code <tmp>/<prefix><random>}. */
    public static TemporaryFolder create(String prefix) {
        try {
            return new TemporaryFolder(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + IoFailures.reason(e), e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary folder " + path, e);
        }
    }

    /** Deletes {@code root} and everything under it, deepest first; a missing root is already deleted. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
