package org.tuckerattention.validation.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The dense Llama forward against the stories260K goldens (DESIGN §10), in all three stored forms. */
class LlamaModelTest {

    private static final Stories260KGolden GOLDEN = Stories260KGolden.read();

    @Test
    void huggingFaceFloat32MatchesGoldenNll() {
        checkNll(Stories260KGolden.folder().resolve("hf-f32"), "f32");
    }

    @Test
    void llama2cCheckpointMatchesGoldenNll() {
        checkNll(Stories260KGolden.folder().resolve("stories260K.bin"), "f32");
    }

    @Test
    void bfloat16FolderMatchesItsOwnGolden() {
        checkNll(Stories260KGolden.folder().resolve("hf-bf16"), "bf16");
    }

    @Test
    void greedyDecodingFromBosWithTheCacheMatchesGolden() {
        int[] expected = GOLDEN.greedyFromBos();
        try (CausalModel model = open(Stories260KGolden.folder().resolve("hf-f32"));
                DecodingSession session = model.newSession()) {
            int[] ids = new int[expected.length];
            ids[0] = expected[0];
            for (int t = 1; t < ids.length; t++) {
                ids[t] = session.next(ids[t - 1]).argMax(0);
            }
            assertArrayEquals(expected, ids);
        }
    }

    @Test
    void prefillAndIncrementalDecodingGiveTheSameLogits() {
        int[] ids = GOLDEN.tokenIds();
        try (CausalModel model = open(Stories260KGolden.folder().resolve("hf-f32"));
                DecodingSession whole = model.newSession();
                DecodingSession split = model.newSession()) {
            Logits all = whole.prefill(ids);
            split.prefill(java.util.Arrays.copyOf(ids, 10));
            for (int t = 10; t < ids.length; t++) {
                Logits one = split.next(ids[t]);
                for (int v = 0; v < model.vocabSize(); v++) {
                    assertEquals(all.get(t, v), one.get(0, v), 1e-4, "token " + t + ", logit " + v);
                }
            }
        }
    }

    @Test
    void figuresCountAttentionAndCacheAsStored() {
        try (CausalModel model = open(Stories260KGolden.folder().resolve("hf-f32"))) {
            ModelFigures f = model.figures();
            assertEquals(5 * 12_288, f.attentionParameters());
            assertEquals(5 * 64 * 4, f.kvCacheBytesPerToken());
            assertEquals("dense", f.attention());
        }
    }

    private static void checkNll(Path model, String form) {
        int[] ids = GOLDEN.tokenIds();
        try (CausalModel m = open(model); DecodingSession session = m.newSession()) {
            Logits logits = session.prefill(ids);
            double nll = 0;
            for (int t = 0; t + 1 < ids.length; t++) {
                nll -= logits.logSoftmax(t)[ids[t + 1]];
            }
            double perplexity = Math.exp(nll / (ids.length - 1));
            assertEquals(GOLDEN.nll(form), nll, 1e-4 * GOLDEN.nll(form), "NLL");
            assertEquals(GOLDEN.perplexity(form), perplexity, 1e-4 * GOLDEN.perplexity(form), "perplexity");
        }
    }

    static CausalModel open(Path model) {
        return (CausalModel) Models.open(model, ComputeDevice.CPU);
    }
}
