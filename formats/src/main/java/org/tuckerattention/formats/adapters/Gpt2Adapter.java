package org.tuckerattention.formats.adapters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * GPT-2: fused {@code c_attn}, Conv1D storage ({@code in × out}), biases on every projection, no RoPE.
 * GPT2LMHeadModel prefixes names with {@code transformer.}; GPT2Model does not.
 */
final class Gpt2Adapter implements ArchitectureAdapter {

    @Override
    public List<String> modelTypes() {
        return List.of("gpt2");
    }

    @Override
    public AttentionGeometry geometry(HfConfig c) {
        int d = c.requirePositiveInt("n_embd");
        int nH = c.requirePositiveInt("n_head");
        int dH = ConfigChecks.headDim(c, d, nH);
        return AttentionGeometry.standard(c.requirePositiveInt("n_layer"), d, nH, nH, dH, Rope.NONE, true, true);
    }

    @Override
    public Map<String, long[]> attentionTensors(Checkpoint ckpt, AttentionGeometry g, int layer) {
        String p = prefix(ckpt, layer);
        long d = g.d();
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put(p + "c_attn.weight", new long[] {d, 3 * d});
        t.put(p + "c_attn.bias", new long[] {3 * d});
        t.put(p + "c_proj.weight", new long[] {d, d});
        t.put(p + "c_proj.bias", new long[] {d});
        return t;
    }

    @Override
    public AttentionWeights attention(Checkpoint ckpt, AttentionGeometry g, int layer) {
        String p = prefix(ckpt, layer);
        int d = g.d();
        // Conv1D stores in x out; the canonical form is out x in (DESIGN §3).
        Matrix qkv = ckpt.matrix(p + "c_attn.weight", d, 3L * d).transposed();
        float[] qkvBias = ckpt.vector(p + "c_attn.bias", 3L * d);
        return new AttentionWeights(
                g,
                layer,
                qkv.rowRange(0, d),
                qkv.rowRange(d, 2 * d),
                qkv.rowRange(2 * d, 3 * d),
                ckpt.matrix(p + "c_proj.weight", d, d).transposed(),
                Optional.of(slice(qkvBias, 0, d)),
                Optional.of(slice(qkvBias, d, d)),
                Optional.of(slice(qkvBias, 2 * d, d)),
                Optional.of(ckpt.vector(p + "c_proj.bias", d)),
                Optional.empty());
    }

    private static String prefix(Checkpoint ckpt, int layer) {
        return (ckpt.has("transformer.h.0.attn.c_attn.weight") ? "transformer." : "") + "h.%d.attn.".formatted(layer);
    }

    private static float[] slice(float[] v, int from, int length) {
        float[] out = new float[length];
        System.arraycopy(v, from, out, 0, length);
        return out;
    }
}
