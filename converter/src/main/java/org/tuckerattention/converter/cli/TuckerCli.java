package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tucker}: the command line of tucker-attention. {@code System.exit} is called here only. */
@Command(
        name = "tucker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Compress the attention of pretrained transformer checkpoints with Tucker decompositions.",
            "",
            "Inputs: Hugging Face folders (config.json + safetensors, sharded or not), ONNX exports",
            "of BERT-style encoders, and llama2.c .bin checkpoints."
        },
        subcommands = {
            DemoCommand.class, InspectCommand.class, RanksCommand.class, CompressCommand.class, BaselineCommand.class, CompareCommand.class, ValidateCommand.class,
            HealCommand.class, GenerateCommand.class, EmbedCommand.class, ImportCommand.class, BenchCommand.class
        },
        footer = {"", "Exit codes: 0 success, 1 failure, 2 bad usage or bad input."})
public final class TuckerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with the project's error handling, writing to the given streams. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CliErrors errors = new CliErrors();
        CommandLine cmd = new CommandLine(new TuckerCli())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(100);
        cmd.setOut(out);
        cmd.setErr(err);
        return cmd;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        System.exit(code);
    }
}
