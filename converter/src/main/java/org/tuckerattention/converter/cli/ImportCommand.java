package org.tuckerattention.converter.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.hf.HfFolderWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Write any supported input as a Hugging Face folder.",
            "",
            "SOURCE may be an ONNX export, a llama2.c .bin or a Hugging Face folder. OUTPUT gets",
            "config.json and model.safetensors (tensors in their stored types) and the tokenizer",
            "files, written beside it and renamed into place at the end."
        })
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "Hugging Face folder, .onnx file or llama2.c .bin file.")
    Path source;

    @Parameters(index = "1", paramLabel = "OUTPUT",
            description = "Output folder; must not exist (see --force). Written beside it, renamed at the end.")
    Path output;

    @Option(names = "--force", description = "Replace OUTPUT if it exists.")
    boolean force;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Checkpoint ckpt = Checkpoints.open(source)) {
            HfFolderWriter.write(ckpt, output, force);
            spec.commandLine().getOut().printf("wrote %s (%d tensors)%n", output, ckpt.tensors().size());
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
