package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.validation.runtime.EncoderModel;
import org.tuckerattention.validation.runtime.HiddenStates;
import org.tuckerattention.validation.runtime.LoadedModel;
import org.tuckerattention.validation.runtime.Models;
import org.tuckerattention.validation.tokenizers.TextTokenizer;
import org.tuckerattention.validation.tokenizers.Tokenizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = {
            "Print the sentence embedding of a text with an encoder, dense or Tucker.",
            "",
            "The last hidden states pooled (mean over tokens by default, or the [CLS] token) and",
            "L2-normalised, printed as one JSON array."
        })
final class EmbedCommand implements Callable<Integer> {

    /** How token states become one vector. */
    enum Pooling {
        MEAN,
        CLS
    }

    @Parameters(index = "0", paramLabel = "MODEL", description = "Hugging Face folder or .onnx file of an encoder.")
    Path model;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The text to embed.")
    String text;

    @Option(names = "--pooling", paramLabel = "P", defaultValue = "mean",
            description = "mean or cls. Default: ${DEFAULT-VALUE}.")
    Pooling pooling;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "tokenizer.json, when none is beside the model.")
    Path tokenizer;

    @Mixin
    DeviceOption device;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (LoadedModel loaded = Models.open(model, device.device)) {
            if (!(loaded instanceof EncoderModel encoder)) {
                throw new CheckpointException(model, "a causal language model has no sentence embedding; use an encoder");
            }
            int vocab = loaded.config().requirePositiveInt("vocab_size");
            try (TextTokenizer tok = Tokenizers.forModel(model, vocab, Optional.ofNullable(tokenizer))) {
                int[] ids = tok.encode(text);
                if (ids.length > encoder.maxPositions()) {
                    throw new ParameterException(spec.commandLine(), "--text has " + ids.length
                            + " tokens; the model takes at most " + encoder.maxPositions());
                }
                HiddenStates states = encoder.encode(ids);
                double[] v = pooling == Pooling.MEAN ? states.meanPooled() : states.clsPooled();
                PrintWriter out = spec.commandLine().getOut();
                out.println(Arrays.stream(v).mapToObj(x -> Float.toString((float) x))
                        .collect(Collectors.joining(", ", "[", "]")));
                out.flush();
            }
        }
        return ExitCodes.OK;
    }
}
