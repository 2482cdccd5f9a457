package org.tuckerattention.converter.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tuckerattention.converter.bench.SyntheticLlama;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.tensor.Matrix;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.DecodingSession;
import org.tuckerattention.validation.runtime.Models;

/**
 * The statistics a calibration run collects through the runtime's observer, against a direct computation
 * in plain double loops on a tiny synthetic Llama: layer 0's attention input is the RMS-normalised token
 * embedding (norm weights 1), so its second moment and attention mass per head and distance follow from
 * the embedding and the query/key weights alone, and the output projection's input (the heads' mixed values,
 * concatenated) from the value weights too.
 */
class CollectorTest {

    private static final int D = 16;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int WIDTH = D / HEADS;
    private static final int CTX = 24;
    private static final double EPS = 1e-5;
    private static final double THETA = 500000.0;

    @Test
    void secondMomentAndAttentionMassMatchADirectComputation() {
        Checkpoint ckpt = SyntheticLlama.build(new SyntheticLlama.Shape(D, HEADS, KV_HEADS, 2, 32, 40, CTX), 21);
        float[] embed = ckpt.matrix("model.embed_tokens.weight", 40, D).data();
        Matrix wq = ckpt.matrix("model.layers.0.self_attn.q_proj.weight", D, D);
        Matrix wk = ckpt.matrix("model.layers.0.self_attn.k_proj.weight", KV_HEADS * WIDTH, D);
        Matrix wv = ckpt.matrix("model.layers.0.self_attn.v_proj.weight", KV_HEADS * WIDTH, D);
        Random random = new Random(8);
        int[][] chunks = new int[3][CTX];
        for (int[] chunk : chunks) {
            for (int t = 0; t < CTX; t++) {
                chunk[t] = random.nextInt(40);
            }
        }
        Collector collector = new Collector(2, D, HEADS);
        collector.collectMass(CTX);
        collector.collectContext(D);
        try (CausalModel m = (CausalModel) Models.load(ckpt, Device.cpu(), collector)) {
            for (int[] chunk : chunks) {
                try (DecodingSession s = m.newSession()) {
                    // Two steps, so that the positions of the second start past a filled cache.
                    s.append(java.util.Arrays.copyOf(chunk, 10));
                    s.append(java.util.Arrays.copyOfRange(chunk, 10, CTX));
                }
            }
        }
        double[] sigma = new double[D * D];
        double[][] mass = new double[HEADS][CTX];
        double[] context = new double[D * D];
        for (int[] chunk : chunks) {
            double[][] z = new double[CTX][D];
            double[][] x = new double[CTX][];
            for (int t = 0; t < CTX; t++) {
                x[t] = normalised(embed, chunk[t]);
                for (int i = 0; i < D; i++) {
                    for (int j = 0; j < D; j++) {
                        sigma[i * D + j] += x[t][i] * x[t][j] / (chunks.length * CTX);
                    }
                }
            }
            for (int h = 0; h < HEADS; h++) {
                int g = h / (HEADS / KV_HEADS);
                double[][] q = new double[CTX][];
                double[][] k = new double[CTX][];
                double[][] v = new double[CTX][];
                for (int t = 0; t < CTX; t++) {
                    q[t] = rotated(project(wq, h, x[t]), t);
                    k[t] = rotated(project(wk, g, x[t]), t);
                    v[t] = project(wv, g, x[t]);
                }
                for (int m = 0; m < CTX; m++) {
                    double[] logits = new double[m + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int n = 0; n <= m; n++) {
                        double dot = 0;
                        for (int c = 0; c < WIDTH; c++) {
                            dot += q[m][c] * k[n][c];
                        }
                        logits[n] = dot / Math.sqrt(WIDTH);
                        max = Math.max(max, logits[n]);
                    }
                    double sum = 0;
                    for (int n = 0; n <= m; n++) {
                        logits[n] = Math.exp(logits[n] - max);
                        sum += logits[n];
                    }
                    for (int n = 0; n <= m; n++) {
                        mass[h][m - n] += logits[n] / sum / (chunks.length * CTX);
                        for (int c = 0; c < WIDTH; c++) {
                            z[m][h * WIDTH + c] += logits[n] / sum * v[n][c];
                        }
                    }
                }
            }
            for (double[] row : z) {
                for (int i = 0; i < D; i++) {
                    for (int j = 0; j < D; j++) {
                        context[i * D + j] += row[i] * row[j] / (chunks.length * CTX);
                    }
                }
            }
        }
        double[] got = collector.secondMoment(0);
        double[] gotContext = collector.contextMoment(0).orElseThrow();
        double contextScale = 0;
        for (double c : context) {
            contextScale = Math.max(contextScale, Math.abs(c));
        }
        for (int k = 0; k < context.length; k++) {
            assertEquals(context[k], gotContext[k], 1e-5 * contextScale, "E[z zᵀ] entry " + k);
        }
        double scale = 0;
        for (double v : sigma) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < sigma.length; k++) {
            assertEquals(sigma[k], got[k], 1e-5 * scale, "Σ entry " + k);
        }
        double[][] gotMass = collector.offsetMass(0).orElseThrow();
        for (int h = 0; h < HEADS; h++) {
            double total = 0;
            for (int delta = 0; delta < CTX; delta++) {
                assertEquals(mass[h][delta], gotMass[h][delta], 1e-5, "head " + h + ", distance " + delta);
                total += gotMass[h][delta];
            }
            assertEquals(1.0, total, 1e-5, "each query's weights sum to 1");
        }
        assertTrue(collector.offsetMass(1).isPresent());
    }

    private static double[] normalised(float[] embed, int token) {
        double ms = 0;
        for (int j = 0; j < D; j++) {
            ms += (double) embed[token * D + j] * embed[token * D + j] / D;
        }
        double[] x = new double[D];
        for (int j = 0; j < D; j++) {
            x[j] = embed[token * D + j] / Math.sqrt(ms + EPS);
        }
        return x;
    }

    /** Head {@code h}'s rows of {@code w} times {@code x}. */
    private static double[] project(Matrix w, int h, double[] x) {
        double[] out = new double[WIDTH];
        for (int c = 0; c < WIDTH; c++) {
            for (int j = 0; j < D; j++) {
                out[c] += w.get(h * WIDTH + c, j) * x[j];
            }
        }
        return out;
    }

    /** Rotate-half RoPE at {@code position}: pair (j, j + w/2) turns by position · θ^(−2j/w). */
    private static double[] rotated(double[] v, int position) {
        int half = WIDTH / 2;
        double[] out = v.clone();
        for (int j = 0; j < half; j++) {
            double angle = position * Math.pow(THETA, -2.0 * j / WIDTH);
            out[j] = v[j] * Math.cos(angle) - v[j + half] * Math.sin(angle);
            out[j + half] = v[j + half] * Math.cos(angle) + v[j] * Math.sin(angle);
        }
        return out;
    }
}
