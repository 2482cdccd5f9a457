package org.tuckerattention.validation.runtime;

import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * A plain-Java float64 forward of Llama-layout (with MHA/GQA or DeepSeek MLA attention) and GPT-2 decoders, token by token from the
 * definitions (no cache, no NDArrays), to check the runtime on synthetic models with no golden values.
 */
final class ReferenceDecoder {

    private final Checkpoint ckpt;
    private final HfConfig c;
    private final AttentionGeometry g;
    private final ArchitectureAdapter adapter;
    private final boolean gpt2;
    private final String p;

    ReferenceDecoder(Checkpoint ckpt) {
        this.ckpt = ckpt;
        this.c = ckpt.config();
        this.adapter = Adapters.forConfig(c);
        this.g = adapter.geometry(c);
        this.gpt2 = c.modelType().equals("gpt2");
        this.p = gpt2 && ckpt.has("transformer.wte.weight") ? "transformer." : "";
    }

    /** Logits {@code (T, vocab)} after every token of {@code ids}. */
    double[][] logits(int[] ids) {
        int d = g.d();
        int n = ids.length;
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) {
            x[t] = row(gpt2 ? p + "wte.weight" : "model.embed_tokens.weight", ids[t], d);
            if (gpt2) {
                add(x[t], row(p + "wpe.weight", t, d));
            }
        }
        for (int l = 0; l < g.layers(); l++) {
            String q = gpt2 ? p + "h." + l + "." : "model.layers." + l + ".";
            double[][] h = norm(x, q + (gpt2 ? "ln_1." : "input_layernorm."));
            double[][] a = g.mla().isPresent() ? mla(q + "self_attn.", h) : attention(adapter.attention(ckpt, g, l), h);
            for (int t = 0; t < n; t++) {
                add(x[t], a[t]);
            }
            h = norm(x, q + (gpt2 ? "ln_2." : "post_attention_layernorm."));
            for (int t = 0; t < n; t++) {
                add(x[t], mlp(q, h[t]));
            }
        }
        double[][] out = norm(x, gpt2 ? p + "ln_f." : "model.norm.");
        String cls = gpt2 ? p + "wte.weight" : ckpt.has("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight";
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = linear(out[t], ckpt.tensor(cls).floats(), c.requireInt("vocab_size"), d, null);
        }
        return logits;
    }

    private double[][] attention(AttentionWeights w, double[][] x) {
        int n = x.length;
        int dH = g.dH();
        double[][] q = new double[n][];
        double[][] k = new double[n][];
        double[][] v = new double[n][];
        for (int t = 0; t < n; t++) {
            q[t] = rope(linear(x[t], w.wq().data(), g.nH() * dH, g.d(), w.bq().orElse(null)), g.nH(), t);
            k[t] = rope(linear(x[t], w.wk().data(), g.nKV() * dH, g.d(), w.bk().orElse(null)), g.nKV(), t);
            v[t] = linear(x[t], w.wv().data(), g.nKV() * g.dV(), g.d(), w.bv().orElse(null));
        }
        double[][] y = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] z = new double[g.nH() * g.dV()];
            for (int i = 0; i < g.nH(); i++) {
                int kv = g.group(i);
                double[] s = new double[t + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int m = 0; m <= t; m++) {
                    for (int j = 0; j < dH; j++) {
                        s[m] += q[t][i * dH + j] * k[m][kv * dH + j];
                    }
                    s[m] /= Math.sqrt(dH);
                    max = Math.max(max, s[m]);
                }
                double sum = 0;
                for (int m = 0; m <= t; m++) {
                    s[m] = Math.exp(s[m] - max);
                    sum += s[m];
                }
                for (int m = 0; m <= t; m++) {
                    for (int j = 0; j < g.dV(); j++) {
                        z[i * g.dV() + j] += s[m] / sum * v[m][kv * g.dV() + j];
                    }
                }
            }
            y[t] = linear(z, w.wo().data(), g.d(), g.nH() * g.dV(), w.bo().orElse(null));
        }
        return y;
    }

    /** MLA from the raw tensors: latents, RMSNorms, per-head nope/rope queries and keys, interleaved RoPE. */
    private double[][] mla(String a, double[][] x) {
        int n = x.length;
        int nH = g.nH();
        int d = g.d();
        var m = g.mla().orElseThrow();
        int nope = m.qkNopeHeadDim();
        int rope = m.qkRopeHeadDim();
        int qHead = nope + rope;
        int kvr = m.kvLoraRank();
        double eps = c.doubleOr("rms_norm_eps", 1e-6);
        double[][] q = new double[n][];
        double[][] kPe = new double[n][];
        double[][] kv = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] qIn = x[t];
            if (m.hasQueryLatent()) {
                qIn = rms(linear(x[t], ckpt.tensor(a + "q_a_proj.weight").floats(), m.qLoraRank(), d, null),
                        ckpt.tensor(a + "q_a_layernorm.weight").floats(), eps);
                q[t] = linear(qIn, ckpt.tensor(a + "q_b_proj.weight").floats(), nH * qHead, m.qLoraRank(), null);
            } else {
                q[t] = linear(qIn, ckpt.tensor(a + "q_proj.weight").floats(), nH * qHead, d, null);
            }
            for (int h = 0; h < nH; h++) {
                interleaved(q[t], h * qHead + nope, rope, t);
            }
            double[] down = linear(x[t], ckpt.tensor(a + "kv_a_proj_with_mqa.weight").floats(), kvr + rope, d, null);
            kPe[t] = java.util.Arrays.copyOfRange(down, kvr, kvr + rope);
            interleaved(kPe[t], 0, rope, t);
            double[] latent = rms(java.util.Arrays.copyOf(down, kvr), ckpt.tensor(a + "kv_a_layernorm.weight").floats(),
                    eps);
            kv[t] = linear(latent, ckpt.tensor(a + "kv_b_proj.weight").floats(), nH * (nope + m.vHeadDim()), kvr, null);
        }
        double[][] y = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] z = new double[nH * m.vHeadDim()];
            for (int h = 0; h < nH; h++) {
                double[] s = new double[t + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int u = 0; u <= t; u++) {
                    for (int j = 0; j < nope; j++) {
                        s[u] += q[t][h * qHead + j] * kv[u][h * (nope + m.vHeadDim()) + j];
                    }
                    for (int j = 0; j < rope; j++) {
                        s[u] += q[t][h * qHead + nope + j] * kPe[u][j];
                    }
                    s[u] /= Math.sqrt(qHead);
                    max = Math.max(max, s[u]);
                }
                double sum = 0;
                for (int u = 0; u <= t; u++) {
                    s[u] = Math.exp(s[u] - max);
                    sum += s[u];
                }
                for (int u = 0; u <= t; u++) {
                    for (int j = 0; j < m.vHeadDim(); j++) {
                        z[h * m.vHeadDim() + j] += s[u] / sum * kv[u][h * (nope + m.vHeadDim()) + nope + j];
                    }
                }
            }
            y[t] = linear(z, ckpt.tensor(a + "o_proj.weight").floats(), d, nH * m.vHeadDim(), null);
        }
        return y;
    }

    /** Interleaved RoPE: pairs (2j, 2j + 1) of {@code v[from .. from + dims)}, angles {@code t · theta^(-2j/dims)}. */
    private void interleaved(double[] v, int from, int dims, int t) {
        for (int j = 0; j < dims / 2; j++) {
            double a = t * Math.pow(g.rope().theta(), -2.0 * j / dims);
            double x1 = v[from + 2 * j];
            double x2 = v[from + 2 * j + 1];
            v[from + 2 * j] = x1 * Math.cos(a) - x2 * Math.sin(a);
            v[from + 2 * j + 1] = x2 * Math.cos(a) + x1 * Math.sin(a);
        }
    }

    private static double[] rms(double[] v, float[] w, double eps) {
        double ms = 0;
        for (double e : v) {
            ms += e * e / v.length;
        }
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j] / Math.sqrt(ms + eps) * w[j];
        }
        return out;
    }

    /** Rotate-half RoPE on the first {@code dims} of each head, angles {@code t · theta^(-2j/dims)}. */
    private double[] rope(double[] v, int heads, int t) {
        if (!g.rope().present()) {
            return v;
        }
        int dims = g.rope().dims();
        int half = dims / 2;
        for (int h = 0; h < heads; h++) {
            int b = h * g.dH();
            for (int j = 0; j < half; j++) {
                double a = t * Math.pow(g.rope().theta(), -2.0 * j / dims);
                double x1 = v[b + j];
                double x2 = v[b + j + half];
                v[b + j] = x1 * Math.cos(a) - x2 * Math.sin(a);
                v[b + j + half] = x2 * Math.cos(a) + x1 * Math.sin(a);
            }
        }
        return v;
    }

    private double[] mlp(String q, double[] h) {
        int d = g.d();
        if (gpt2) {
            int inner = 4 * d;
            double[] a = linear(h, transpose(ckpt.tensor(q + "mlp.c_fc.weight").floats(), d, inner), inner, d,
                    ckpt.tensor(q + "mlp.c_fc.bias").floats());
            for (int i = 0; i < inner; i++) {
                a[i] = 0.5 * a[i] * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (a[i] + 0.044715 * a[i] * a[i] * a[i])));
            }
            return linear(a, transpose(ckpt.tensor(q + "mlp.c_proj.weight").floats(), inner, d), d, inner,
                    ckpt.tensor(q + "mlp.c_proj.bias").floats());
        }
        int hidden = c.requireInt("intermediate_size");
        double[] gate = linear(h, ckpt.tensor(q + "mlp.gate_proj.weight").floats(), hidden, d, null);
        double[] up = linear(h, ckpt.tensor(q + "mlp.up_proj.weight").floats(), hidden, d, null);
        for (int i = 0; i < hidden; i++) {
            gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
        }
        return linear(gate, ckpt.tensor(q + "mlp.down_proj.weight").floats(), d, hidden, null);
    }

    private double[][] norm(double[][] x, String prefix) {
        float[] w = ckpt.tensor(prefix + "weight").floats();
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double[] r = x[t].clone();
            int d = r.length;
            if (gpt2) {
                float[] b = ckpt.tensor(prefix + "bias").floats();
                double mean = 0;
                for (double e : r) {
                    mean += e / d;
                }
                double var = 0;
                for (double e : r) {
                    var += (e - mean) * (e - mean) / d;
                }
                for (int j = 0; j < d; j++) {
                    r[j] = (r[j] - mean) / Math.sqrt(var + c.doubleOr("layer_norm_epsilon", 1e-5)) * w[j] + b[j];
                }
            } else {
                double ms = 0;
                for (double e : r) {
                    ms += e * e / d;
                }
                for (int j = 0; j < d; j++) {
                    r[j] = r[j] / Math.sqrt(ms + c.doubleOr("rms_norm_eps", 1e-6)) * w[j];
                }
            }
            out[t] = r;
        }
        return out;
    }

    /** {@code W x + b} with W stored {@code out × in}. */
    private static double[] linear(double[] x, float[] w, int out, int in, float[] b) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < in; i++) {
                s += w[o * in + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                t[k * rows + r] = w[r * cols + k];
            }
        }
        return t;
    }

    private double[] row(String name, int r, int d) {
        float[] f = ckpt.tensor(name).floats((long) r * d, d);
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            out[j] = f[j];
        }
        return out;
    }

    private static void add(double[] a, double[] b) {
        for (int j = 0; j < a.length; j++) {
            a[j] += b[j];
        }
    }
}
