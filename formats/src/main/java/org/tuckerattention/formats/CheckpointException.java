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
        super(oneLine(file.getFileName() + ": " + problem));
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(oneLine(file.getFileName() + ": " + problem), cause);
        this.file = file;
    }

    /**
     * Problems quote names read from the file, which a hostile file fills with anything: control characters are
     * written as Java escapes (backslash, u, four hex digits) so the message stays one line and cannot move the
     * terminal's cursor.
     */
    static String oneLine(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** The file (or folder) at fault. */
    public Path file() {
        return file;
    }
}
