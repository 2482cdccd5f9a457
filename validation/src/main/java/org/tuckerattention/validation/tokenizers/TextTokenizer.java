package org.tuckerattention.validation.tokenizers;

/** Turns text into a model's token ids and ids back into text. */
public interface TextTokenizer extends AutoCloseable {

    /** The ids of {@code text} with the special tokens the model expects (BOS; or [CLS] … [SEP]). */
    int[] encode(String text);

    /** The ids of {@code text} without special tokens, for text that is cut into chunks afterwards. */
    int[] encodePlain(String text);

    /** The text of {@code ids}, special tokens left out. */
    String decode(int[] ids);

    /** Where the vocabulary came from, for reports. */
    String description();

    @Override
    void close();
}
