package org.tuckerattention.converter.cli;

import picocli.CommandLine.Option;

/** Options every subcommand takes. */
final class CommonOptions {

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
