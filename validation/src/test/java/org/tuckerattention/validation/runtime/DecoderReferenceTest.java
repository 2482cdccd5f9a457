package org.tuckerattention.validation.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.Checkpoint;

/** The runtime's decoders against a plain float64 forward on synthetic models (no goldens exist for them). */
class DecoderReferenceTest {

    @Test
    void gqaWithQkvBiasesPartialRotaryAndSeparateClassifier() {
        check(RunnableModels.llama("qwen2", 4, 2, true, false));
    }

    @Test
    void mhaWithTiedClassifier() {
        check(RunnableModels.llama("llama", 4, 4, false, true));
    }

    @Test
    void deepseekMlaWithAndWithoutQueryLatent() {
        check(RunnableModels.deepseekV2(true));
        check(RunnableModels.deepseekV2(false));
        try (CausalModel m = (CausalModel) Models.load(RunnableModels.deepseekV2(true), Device.cpu())) {
            // The cache holds the KV latent and the rope key: (8 + 2) values per layer, 2 layers, float32.
            assertEquals(2 * 10 * 4, m.figures().kvCacheBytesPerToken());
        }
    }

    @Test
    void gpt2() {
        check(RunnableModels.gpt2());
    }

    @Test
    void gpt2TuckerFormIsExact() {
        Checkpoint tucker = new ExactTucker(41, false).convert(RunnableModels.gpt2(), "none", "dense", "head-factored");
        int[] ids = new Random(5).ints(20, 0, 40).toArray();
        double[][] expected = new ReferenceDecoder(RunnableModels.gpt2()).logits(ids);
        try (CausalModel m = (CausalModel) Models.load(tucker, Device.cpu()); DecodingSession s = m.newSession()) {
            compare(expected, s.prefill(ids));
        }
    }

    private static void check(Checkpoint model) {
        int[] ids = new Random(3).ints(24, 0, model.config().requireInt("vocab_size")).toArray();
        double[][] expected = new ReferenceDecoder(model).logits(ids);
        try (CausalModel m = (CausalModel) Models.load(model, Device.cpu()); DecodingSession s = m.newSession()) {
            Logits prefill = s.prefill(java.util.Arrays.copyOf(ids, 20));
            compare(java.util.Arrays.copyOf(expected, 20), prefill);
            for (int t = 20; t < ids.length; t++) {
                Logits next = s.next(ids[t]);
                for (int v = 0; v < next.vocab(); v++) {
                    assertEquals(expected[t][v], next.get(0, v), 1e-4, "token " + t + ", logit " + v);
                }
            }
        }
    }

    private static void compare(double[][] expected, Logits actual) {
        for (int t = 0; t < expected.length; t++) {
            for (int v = 0; v < actual.vocab(); v++) {
                assertEquals(expected[t][v], actual.get(t, v), 1e-4, "token " + t + ", logit " + v);
            }
        }
    }
}
