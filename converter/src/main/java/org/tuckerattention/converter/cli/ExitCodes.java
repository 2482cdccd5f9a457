package org.tuckerattention.converter.cli;

/** The exit codes of {@code tucker} (STYLE §7), documented in the README. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;

    /** Failure: a bug or an I/O fault (disk full, permission denied). */
    public static final int FAILURE = 1;

    /** Bad usage or bad input: wrong options, a malformed or unsupported checkpoint, impossible ranks. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
