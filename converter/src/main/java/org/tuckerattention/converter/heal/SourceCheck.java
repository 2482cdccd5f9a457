package org.tuckerattention.converter.heal;

import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * That ORIGINAL is the model COMPRESSED was made from: a dense checkpoint of the same type and vocabulary
 * whose tensors include every non-attention tensor of COMPRESSED, with the same shape and values (compare
 * copies them unchanged; values are compared to 1 % so that a BF16 and an F32 copy of one model agree).
 */
final class SourceCheck {

    private static final String BLOCK = "tucker_attention";
    /** Values compared per tensor: enough to tell models apart without reading a large embedding whole. */
    private static final int SAMPLE = 1 << 16;

    static void requireSameModel(Checkpoint original, Checkpoint compressed) {
        if (compressed.config().optionalObject(BLOCK).isEmpty()) {
            throw new CheckpointException(compressed.config().file(), "not a Tucker-attention checkpoint (config.json "
                    + "has no tucker_attention block); write one with tucker compress");
        }
        if (original.config().optionalObject(BLOCK).isPresent()) {
            throw new CheckpointException(original.config().file(), "is itself a Tucker-attention checkpoint; give the "
                    + "model that COMPRESSED was made from");
        }
        String type = original.config().modelType();
        int vocab = original.config().intOr("vocab_size", -1);
        if (!type.equals(compressed.config().modelType()) || vocab != compressed.config().intOr("vocab_size", -1)) {
            throw new CheckpointException(compressed.source(), "was not compressed from " + original.source() + " ("
                    + compressed.config().modelType() + ", vocabulary " + compressed.config().intOr("vocab_size", -1)
                    + " vs " + type + ", vocabulary " + vocab + ")");
        }
        for (TensorRef t : compressed.tensors().values()) {
            if (t.name().contains(".tucker.")) {
                continue;
            }
            TensorRef o = original.find(t.name()).orElseThrow(() -> new CheckpointException(compressed.source(),
                    "was not compressed from " + original.source() + ": it has no tensor '" + t.name() + "'"));
            if (!java.util.Arrays.equals(o.shape(), t.shape()) || !close(o, t)) {
                throw new CheckpointException(compressed.source(), "was not compressed from " + original.source()
                        + ": tensor '" + t.name() + "' differs");
            }
        }
    }

    private static boolean close(TensorRef a, TensorRef b) {
        int n = (int) Math.min(SAMPLE, a.elementCount());
        float[] x = a.floats(0, n);
        float[] y = b.floats(0, n);
        double scale = 0;
        double diff = 0;
        for (int k = 0; k < n; k++) {
            scale = Math.max(scale, Math.abs(x[k]));
            diff = Math.max(diff, Math.abs(x[k] - y[k]));
        }
        return diff <= 1e-2 * scale + 1e-6;
    }

    private SourceCheck() {}
}
