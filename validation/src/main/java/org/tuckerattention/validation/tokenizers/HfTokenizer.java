package org.tuckerattention.validation.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.tuckerattention.formats.CheckpointException;

/** A Hugging Face {@code tokenizer.json} through DJL's tokenizers binding; never truncates or pads. */
public final class HfTokenizer implements TextTokenizer {

    private final Path file;
    private final HuggingFaceTokenizer withSpecial;
    private final HuggingFaceTokenizer plain;

    private HfTokenizer(Path file, HuggingFaceTokenizer withSpecial, HuggingFaceTokenizer plain) {
        this.file = file;
        this.withSpecial = withSpecial;
        this.plain = plain;
    }

    /** Reads {@code tokenizer.json}; fails in one line naming it when it cannot be parsed. */
    public static HfTokenizer read(Path file) {
        try {
            return new HfTokenizer(file, build(file, true), build(file, false));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file, "cannot read the tokenizer: " + e.getMessage(), e);
        }
    }

    private static HuggingFaceTokenizer build(Path file, boolean special) throws IOException {
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(special)
                .optTruncation(false)
                .optPadding(false)
                .build();
    }

    @Override
    public int[] encode(String text) {
        return ids(withSpecial.encode(text).getIds());
    }

    @Override
    public int[] encodePlain(String text) {
        return ids(plain.encode(text).getIds());
    }

    @Override
    public String decode(int[] ids) {
        return withSpecial.decode(Arrays.stream(ids).asLongStream().toArray(), true);
    }

    @Override
    public String description() {
        return file.getFileName() + " (Hugging Face)";
    }

    private static int[] ids(long[] ids) {
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public void close() {
        withSpecial.close();
        plain.close();
    }
}
