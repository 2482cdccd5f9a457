package org.tuckerattention.formats;

import java.nio.file.Path;

/**
 * A checkpoint file that cannot be read as what it claims to be. The message is one line, {@code
 * <file>: <problem>}, so the command line can print it as it is (STYLE §7).
 */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CheckpointException(Path file, String problem) {
        super(file.getFileName() + ": " + problem);
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file.getFileName() + ": " + problem, cause);
        this.file = file;
    }

    /** The file (or folder) at fault. */
    public Path file() {
        return file;
    }
}
