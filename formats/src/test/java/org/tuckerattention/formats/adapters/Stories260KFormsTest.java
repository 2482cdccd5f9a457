package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.tensor.HalfPrecision;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * The real stories260K in its three forms (HF F32, HF BF16, llama2.c) gives the same canonical attention
 * weights: exactly for F32 and llama2.c, and F32 rounded to BF16 for the BF16 folder.
 */
class Stories260KFormsTest {

    private static AttentionWeights layer(Checkpoint ckpt, int layer) {
        ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
        return adapter.attention(ckpt, adapter.geometry(ckpt.config()), layer);
    }

    private static void assertSame(AttentionWeights expected, AttentionWeights actual, Function<Float, Float> round) {
        for (Function<AttentionWeights, Matrix> part : List.<Function<AttentionWeights, Matrix>>of(
                AttentionWeights::wq, AttentionWeights::wk, AttentionWeights::wv, AttentionWeights::wo)) {
            float[] e = part.apply(expected).data().clone();
            for (int i = 0; i < e.length; i++) {
                e[i] = round.apply(e[i]);
            }
            assertArrayEquals(e, part.apply(actual).data(), 0f);
        }
    }

    @Test
    void allThreeFormsGiveTheSameCanonicalWeights() {
        Path dir = SharedData.stories260K();
        try (Checkpoint f32 = Checkpoints.open(dir.resolve("hf-f32"));
                Checkpoint bf16 = Checkpoints.open(dir.resolve("hf-bf16"));
                Checkpoint bin = Checkpoints.open(dir.resolve("stories260K.bin"))) {
            assertEquals(5, Adapters.forConfig(f32.config()).geometry(f32.config()).layers());
            for (int l = 0; l < 5; l++) {
                AttentionWeights reference = layer(f32, l);
                assertEquals(Mechanism.GQA, reference.geometry().mechanism());
                assertSame(reference, layer(bin, l), x -> x);
                assertSame(reference, layer(bf16, l), x -> HalfPrecision.fromBf16(HalfPrecision.toBf16(x)));
            }
        }
    }
}
