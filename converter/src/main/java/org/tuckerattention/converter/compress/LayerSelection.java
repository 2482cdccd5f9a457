package org.tuckerattention.converter.compress;

import java.util.BitSet;

/**
 * The layers to compress ({@code --layers}): all of them, or a list of indices and inclusive ranges
 * such as {@code 0-3,7}. The others keep their original attention tensors.
 */
public final class LayerSelection {

    private final String text;
    private final BitSet layers;

    private LayerSelection(String text, BitSet layers) {
        this.text = text;
        this.layers = layers;
    }

    /** Every layer. */
    public static LayerSelection all() {
        return new LayerSelection("all", null);
    }

    /**
     * Parses {@code all} or a comma-separated list of {@code i} and {@code i-j}.
     *
     * @throws IllegalArgumentException naming the malformed part
     */
    public static LayerSelection parse(String text) {
        if (text.strip().equals("all")) {
            return all();
        }
        BitSet set = new BitSet();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-', 1);
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
                if (from < 0 || to < from) {
                    throw new IllegalArgumentException("bad layer range '" + p + "' in '" + text + "'");
                }
                set.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "layers must be 'all' or indices and ranges like 0-3,7; got '" + text + "'");
            }
        }
        return new LayerSelection(text.strip(), set);
    }

    /** Whether layer {@code layer} is compressed. */
    public boolean contains(int layer) {
        return layers == null || layers.get(layer);
    }

    /** The highest layer named explicitly, or -1 for {@link #all()}. */
    public int highest() {
        return layers == null ? -1 : layers.length() - 1;
    }

    /** How many of {@code count} layers are compressed. */
    public int count(int count) {
        return layers == null ? count : layers.get(0, count).cardinality();
    }

    @Override
    public String toString() {
        return text;
    }
}
