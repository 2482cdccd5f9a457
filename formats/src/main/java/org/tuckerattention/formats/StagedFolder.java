package org.tuckerattention.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output folder written under a temporary name beside its target and renamed at the end, so an
 * interrupted run leaves no half-written output (DESIGN §6). Closing without {@link #commit()} deletes
 * what was written.
 */
public final class StagedFolder implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private final boolean replace;
    private boolean committed;

    private StagedFolder(Path target, Path staging, boolean replace) {
        this.target = target;
        this.staging = staging;
        this.replace = replace;
    }

    /**
     * Starts a folder that will become {@code target}. Fails before writing anything if the target
     * exists and {@code replace} is false.
     */
    public static StagedFolder beside(Path target, boolean replace) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !replace) {
            throw new CheckpointException(absolute, "already exists; pass --force to replace it");
        }
        try {
            Path parent = absolute.getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".partial-");
            return new StagedFolder(absolute, staging, replace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder beside " + absolute + ": " + IoFailures.reason(e), e);
        }
    }

    /** Where to write the files now. */
    public Path path() {
        return staging;
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    /** Renames the staged folder to the target (replacing it when allowed). */
    public void commit() {
        try {
            if (replace && Files.exists(target)) {
                Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
                Files.delete(old);
                move(target, old);
                move(staging, target);
                TemporaryFolder.deleteTree(old);
            } else {
                move(staging, target);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename the output into place at " + target + ": " + IoFailures.reason(e), e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                TemporaryFolder.deleteTree(staging);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the partial output " + staging, e);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
