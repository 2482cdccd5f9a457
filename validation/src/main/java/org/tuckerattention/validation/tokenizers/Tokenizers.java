package org.tuckerattention.validation.tokenizers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.llama2c.Llama2cImporter;

/**
 * Finds a model's tokenizer: {@code tokenizer.json} in its folder (or beside its file), else a
 * llama2.c tokenizer ({@code tok<vocab>.bin} or {@code tokenizer.bin}) beside the model or in the
 * folder above a model folder, as in {@code stories260K/hf-f32} next to {@code stories260K/tok512.bin}.
 */
public final class Tokenizers {

    /** The tokenizer of {@code model} with {@code vocabSize} tokens; {@code explicit} wins when given. */
    public static TextTokenizer forModel(Path model, int vocabSize, Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return open(explicit.get(), vocabSize);
        }
        Path folder = Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
        List<Path> places = new ArrayList<>(List.of(folder));
        if (Files.isDirectory(model) && folder.toAbsolutePath().getParent() != null) {
            places.add(folder.toAbsolutePath().getParent());
        }
        for (Path place : places) {
            Path json = place.resolve("tokenizer.json");
            if (Files.isRegularFile(json)) {
                return HfTokenizer.read(json);
            }
            Optional<Path> bin = Llama2cImporter.tokenizerFile(place.resolve("model.bin"), vocabSize);
            if (bin.isPresent()) {
                return Llama2cTokenizer.read(bin.get(), vocabSize);
            }
        }
        throw new CheckpointException(model, "no tokenizer found (tokenizer.json, tok" + vocabSize
                + ".bin or tokenizer.bin beside it); pass one with --tokenizer");
    }

    /** {@code file} as a tokenizer: a {@code .json} is Hugging Face's, anything else a llama2.c file. */
    public static TextTokenizer open(Path file, int vocabSize) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "no such tokenizer file");
        }
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? HfTokenizer.read(file)
                : Llama2cTokenizer.read(file, vocabSize);
    }

    private Tokenizers() {}
}
