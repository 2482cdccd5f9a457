package org.tuckerattention.formats.adapters;

/**
 * Rotary position embedding of a model, as far as the attention tensors care (DESIGN §5.1).
 *
 * @param layout which query/key rows form the rotated pairs
 * @param theta base of the rotary frequencies
 * @param dims how many of each head's dimensions rotate (all of them unless partial rotary)
 */
public record Rope(Layout layout, double theta, int dims) {

    /** How rotary pairs are laid out in the rows of a head. */
    public enum Layout {
        /** No rotary embedding. */
        NONE,
        /** Hugging Face's rotate-half: pairs (j, j + dims/2). */
        ROTATE_HALF,
        /** llama2.c / Meta / DeepSeek style: pairs (2j, 2j + 1). */
        INTERLEAVED
    }

    public static final Rope NONE = new Rope(Layout.NONE, 0, 0);

    public boolean present() {
        return layout != Layout.NONE;
    }

    @Override
    public String toString() {
        return present()
                ? "%s, theta %s, %d dims".formatted(
                        layout == Layout.ROTATE_HALF ? "rotate-half" : "interleaved", theta, dims)
                : "none";
    }
}
