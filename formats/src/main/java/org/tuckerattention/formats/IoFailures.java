package org.tuckerattention.formats;

import java.io.IOException;
import java.nio.file.FileSystemException;

/** What an I/O failure says to a user who has already been told which file it concerns. */
public final class IoFailures {

    private IoFailures() {
    }

    /**
     * The reason alone ("No space left on device", "Read-only file system"): a {@link FileSystemException}'s
     * message repeats its path, which for a staging folder means nothing to the user.
     */
    public static String reason(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
    }
}
