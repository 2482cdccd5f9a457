package org.tuckerattention.validation.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;

/**
 * Tucker attention (docs/checkpoint-format.md) on exact full-rank conversions built by hand
 * ({@link ExactTucker}): every storage, RoPE strategy and bias must reproduce the dense model.
 */
class TuckerAttentionTest {

    @Test
    void stories260KHeadRopeHeadFactoredBothSidesIsExact() {
        stories260K("head-factored", "head-factored");
    }

    @Test
    void stories260KHeadRopeDensePostCoreIsExact() {
        stories260K("head-factored", "dense");
    }

    @Test
    void gqaWithQkvBiasesAndPartialRotaryIsExact() {
        int[] ids = randomIds(40, 30);
        assertSameLogits(RunnableModels.llama("qwen2", 4, 2, true, false),
                new ExactTucker(3, false).convert(RunnableModels.llama("qwen2", 4, 2, true, false), "head",
                        "head-factored", "dense"), ids);
    }

    @Test
    void denseCoresWithoutRopeReproduceTheBertEncoder() {
        for (String[] storages : new String[][] {{"dense", "dense"}, {"head-factored", "head-factored"}}) {
            Checkpoint tucker = new ExactTucker(5, false).convert(RunnableModels.bert(), "none", storages[0], storages[1]);
            try (EncoderModel dense = (EncoderModel) Models.load(RunnableModels.bert(), Device.cpu());
                    EncoderModel compressed = (EncoderModel) Models.load(tucker, Device.cpu())) {
                int[] ids = randomIds(30, 12);
                float[] a = dense.encode(ids).values();
                float[] b = compressed.encode(ids).values();
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < a.length; i++) {
                    diff += (a[i] - b[i]) * (a[i] - b[i]);
                    norm += a[i] * a[i];
                }
                assertTrue(Math.sqrt(diff / norm) < 1e-5, storages[0] + "/" + storages[1] + ": " + Math.sqrt(diff / norm));
                assertEquals("tucker", compressed.figures().attention());
            }
        }
    }

    @Test
    void latentRopeEqualsHeadRopeWhenKeysAreTheIdentity() {
        int[] ids = randomIds(20, 25);
        assertSameLogits(RunnableModels.singleHeadIdentityKeys(),
                new ExactTucker(7, true).convert(RunnableModels.singleHeadIdentityKeys(), "latent", "dense", "dense"),
                ids);
    }

    @Test
    void cacheHoldsOnlyTheLatents() {
        Checkpoint tucker = new ExactTucker(11, false).convert(RunnableModels.llama("llama", 4, 2, false, true), "head",
                "head-factored", "head-factored");
        try (CausalModel m = (CausalModel) Models.load(tucker, Device.cpu())) {
            // r3 + s3 = d + d at full rank, two layers, float32.
            assertEquals(2 * (32 + 32) * 4, m.figures().kvCacheBytesPerToken());
            assertEquals("tucker, rope head", m.figures().attention());
        }
    }

    private static void stories260K(String pre, String post) {
        java.nio.file.Path folder = Stories260KGolden.folder().resolve("hf-f32");
        int[] ids = Stories260KGolden.read().tokenIds();
        try (Checkpoint source = Checkpoints.open(folder)) {
            assertSameLogits(Checkpoints.open(folder), new ExactTucker(1, false).convert(source, "head", pre, post), ids);
        }
    }

    /**
     * Mean KL(dense ‖ Tucker) below 1e-6 and the same top token at every position, for a prefill of all
     * but the last four tokens followed by four incremental steps (the cache in use).
     */
    private static void assertSameLogits(Checkpoint dense, Checkpoint tucker, int[] ids) {
        try (CausalModel a = (CausalModel) Models.load(dense, Device.cpu());
                CausalModel b = (CausalModel) Models.load(tucker, Device.cpu());
                DecodingSession sa = a.newSession();
                DecodingSession sb = b.newSession()) {
            int prefill = ids.length - 4;
            Logits la = sa.prefill(java.util.Arrays.copyOf(ids, prefill));
            Logits lb = sb.prefill(java.util.Arrays.copyOf(ids, prefill));
            double kl = 0;
            for (int t = 0; t < prefill; t++) {
                kl += kl(la, lb, t);
                assertEquals(la.argMax(t), lb.argMax(t), "top token at " + t);
            }
            for (int t = prefill; t < ids.length; t++) {
                Logits na = sa.next(ids[t]);
                Logits nb = sb.next(ids[t]);
                kl += kl(na, nb, 0);
                assertEquals(na.argMax(0), nb.argMax(0), "top token at " + t);
            }
            double mean = kl / ids.length;
            assertTrue(mean < 1e-6, "mean KLD " + mean);
            assertTrue(b.figures().attention().startsWith("tucker"));
        }
    }

    private static double kl(Logits p, Logits q, int row) {
        double[] lp = p.logSoftmax(row);
        double[] lq = q.logSoftmax(row);
        double s = 0;
        for (int v = 0; v < lp.length; v++) {
            s += Math.exp(lp[v]) * (lp[v] - lq[v]);
        }
        return s;
    }

    private static int[] randomIds(int vocab, int n) {
        Random r = new Random(n);
        return r.ints(n, 0, vocab).toArray();
    }
}
