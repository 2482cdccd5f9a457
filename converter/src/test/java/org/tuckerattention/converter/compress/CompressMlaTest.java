package org.tuckerattention.converter.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.ComputeDevice;
import org.tuckerattention.validation.runtime.DecodingSession;
import org.tuckerattention.validation.runtime.Logits;
import org.tuckerattention.validation.runtime.ModelFigures;
import org.tuckerattention.validation.runtime.Models;

/**
 * MLA (DeepSeek-V2, DESIGN §7) compressed in its latent coordinates, on small synthetic checkpoints with the
 * exact Hugging Face names and shapes (d 20, 4 heads, nope 6, rope 2, v 5, d_c^KV 8, d_c^Q 10 or a plain
 * q_proj): at full rank the runtime reproduces the original's next-token distributions; truncated, the
 * report's parameter and KV-cache figures are the closed-form counts and those the runtime holds.
 */
class CompressMlaTest {

    private static final int D = 20;
    private static final int NH = 4;
    private static final int NOPE = 6;
    private static final int ROPE = 2;
    private static final int V = 5;
    private static final int KV = 8;
    private static final int QC = 10;
    private static final int VOCAB = 30;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fullRankValidatesAsIdentical(boolean queryLatent, @TempDir Path tmp) throws IOException {
        Path input = runnable(queryLatent).writeHfFolder(tmp.resolve("in"), DType.F32);
        int q = queryLatent ? QC : D;
        for (CoreChoice core : new CoreChoice[] {CoreChoice.HEAD_FACTORED, CoreChoice.DENSE}) {
            Path out = tmp.resolve("out-" + core);
            CompressReport r = CompressPipeline.run(input, out, Compressions.settings(RankSpec.fixed(NH, q, KV),
                    RankSpec.fixed(NH, D, KV), core, 0), CompressProgress.silent());
            assertEquals("MLA", r.mechanism());
            assertEquals("decoupled", r.rope().configName());
            int[] tokens = new Random(5).ints(40, 0, VOCAB).toArray();
            Logits original = logits(input, tokens);
            Logits compressed = logits(out, tokens);
            double kl = 0;
            int same = 0;
            for (int t = 0; t < tokens.length; t++) {
                double[] p = original.logSoftmax(t);
                double[] c = compressed.logSoftmax(t);
                for (int v = 0; v < VOCAB; v++) {
                    kl += Math.exp(p[v]) * (p[v] - c[v]);
                }
                same += original.argMax(t) == compressed.argMax(t) ? 1 : 0;
            }
            assertTrue(kl / tokens.length < 1e-6, core + ": mean KLD " + kl / tokens.length);
            assertEquals(tokens.length, same, core + ": top-1 agreement");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void truncatedRunsAndItsFiguresAreTheClosedFormCounts(boolean queryLatent, @TempDir Path tmp) throws IOException {
        Path input = runnable(queryLatent).writeHfFolder(tmp.resolve("in"), DType.F32);
        int q = queryLatent ? QC : D;
        int[] r = {3, 6, 5};
        int[] s = {3, 9, 4};
        Path out = tmp.resolve("out");
        CompressReport report = CompressPipeline.run(input, out, Compressions.settings(RankSpec.fixed(r[0], r[1], r[2]),
                RankSpec.fixed(s[0], s[1], s[2]), CoreChoice.DENSE, 1), CompressProgress.silent());
        long pre = (long) r[0] * r[1] * r[2] + (long) NH * r[0] + (long) q * r[1] + (long) KV * r[2]
                + (long) NH * ROPE * q;
        long post = (long) s[0] * s[1] * s[2] + (long) NH * s[0] + (long) D * s[1] + (long) KV * s[2];
        long kept = (queryLatent ? (long) D * QC + QC : 0) + (long) D * (KV + ROPE) + KV;
        long before = (queryLatent ? (long) D * QC + QC + (long) QC * NH * (NOPE + ROPE) : (long) D * NH * (NOPE + ROPE))
                + (long) D * (KV + ROPE) + KV + (long) KV * NH * (NOPE + V) + (long) NH * V * D;
        for (LayerResult l : report.compressed()) {
            assertEquals(pre, l.pre().parameters());
            assertEquals(post, l.post().parameters());
            assertEquals(pre + post + kept, l.parametersAfter());
            assertEquals(before, l.parametersBefore());
            assertEquals(KV + ROPE, l.kvValuesBefore());
            assertEquals(r[2] + s[2] + ROPE, l.kvValuesAfter());
        }
        assertEquals(2 * (pre + post + kept), report.attentionParametersAfter());
        assertEquals(2L * (r[2] + s[2] + ROPE), report.kvValuesPerTokenAfter());
        try (CausalModel m = (CausalModel) Models.open(out, ComputeDevice.CPU)) {
            ModelFigures f = m.figures();
            assertEquals(report.attentionParametersAfter(), f.attentionParameters(), "the runtime holds what is reported");
            assertEquals(report.kvValuesPerTokenAfter() * Float.BYTES, f.kvCacheBytesPerToken());
            try (DecodingSession session = m.newSession()) {
                Logits l = session.prefill(new Random(9).ints(16, 0, VOCAB).toArray());
                for (float v : l.values()) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
        try (Checkpoint c = Checkpoints.open(out)) {
            String p = "model.layers.0.self_attn.";
            assertTrue(c.has(p + "kv_a_proj_with_mqa.weight") && c.has(p + "kv_a_layernorm.weight"));
            assertEquals(queryLatent, c.has(p + "q_a_proj.weight"));
            assertFalse(c.has(p + "kv_b_proj.weight") || c.has(p + "o_proj.weight") || c.has(p + "q_b_proj.weight")
                    || c.has(p + "q_proj.weight"));
            assertEquals(NH * ROPE, c.tensor(p + "tucker.pre.query_rope").shape()[0]);
        }
        JsonNode block = new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("tucker_attention");
        assertEquals("decoupled", block.get("rope").asText());
    }

    /** The decoder's logits after each of {@code tokens}. */
    private static Logits logits(Path model, int[] tokens) {
        try (CausalModel m = (CausalModel) Models.open(model, ComputeDevice.CPU);
                DecodingSession s = m.newSession()) {
            return s.prefill(tokens);
        }
    }

    /** DeepSeek-V2 with dense MLPs, every tensor a forward needs, 2 layers, vocab 30. */
    private static SyntheticCheckpoint runnable(boolean queryLatent) {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "hidden_size": 20,
                 "num_attention_heads": 4, "num_key_value_heads": 4, "num_hidden_layers": 2,
                 "q_lora_rank": %s, "kv_lora_rank": 8, "qk_nope_head_dim": 6, "qk_rope_head_dim": 2,
                 "v_head_dim": 5, "rope_theta": 100.0, "vocab_size": 30, "intermediate_size": 24,
                 "rms_norm_eps": 1e-6, "max_position_embeddings": 64, "tie_word_embeddings": false}"""
                .formatted(queryLatent ? "10" : "null"), 43);
        for (int l = 0; l < 2; l++) {
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            if (queryLatent) {
                m.tensor(a + "q_a_proj.weight", QC, D).tensor(a + "q_a_layernorm.weight", QC)
                        .tensor(a + "q_b_proj.weight", NH * (NOPE + ROPE), QC);
            } else {
                m.tensor(a + "q_proj.weight", NH * (NOPE + ROPE), D);
            }
            m.tensor(a + "kv_a_proj_with_mqa.weight", KV + ROPE, D).tensor(a + "kv_a_layernorm.weight", KV)
                    .tensor(a + "kv_b_proj.weight", NH * (NOPE + V), KV).tensor(a + "o_proj.weight", D, NH * V)
                    .tensor(p + "input_layernorm.weight", D).tensor(p + "post_attention_layernorm.weight", D)
                    .tensor(p + "mlp.gate_proj.weight", 24, D).tensor(p + "mlp.up_proj.weight", 24, D)
                    .tensor(p + "mlp.down_proj.weight", D, 24);
        }
        return m.tensor("model.embed_tokens.weight", VOCAB, D).tensor("model.norm.weight", D)
                .tensor("lm_head.weight", VOCAB, D);
    }
}
