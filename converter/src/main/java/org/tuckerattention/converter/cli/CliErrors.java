package org.tuckerattention.converter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.validation.comparison.InvalidSettingException;
import org.tuckerattention.validation.runtime.DeviceUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one line on stderr and an exit code (STYLE §7): bad input is code 2, anything
 * else code 1. The stack trace is printed only with {@code --verbose}.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code;
        if (e instanceof CheckpointException || e instanceof RankException || e instanceof DeviceUnavailableException
                || e instanceof InvalidSettingException) {
            err.println("tucker: " + e.getMessage());
            code = ExitCodes.BAD_INPUT;
        } else if (e instanceof UncheckedIOException io) {
            // A wrapper made with its own message says which file; a bare wrapper only repeats its cause.
            boolean bare = io.getMessage() == null || io.getMessage().equals(io.getCause().toString());
            err.println("tucker: I/O error: " + (bare ? io.getCause().getMessage() : io.getMessage()));
            code = ExitCodes.FAILURE;
        } else if (e instanceof IOException io) {
            err.println("tucker: I/O error: " + io.getMessage());
            code = ExitCodes.FAILURE;
        } else {
            err.println("tucker: internal error: " + e + (verbose(parsed) ? "" : " (run with --verbose for the stack trace)"));
            code = ExitCodes.FAILURE;
        }
        if (verbose(parsed)) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("tucker: " + e.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /** Whether {@code --verbose} was given on any command of the chain. */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
