package org.tuckerattention.converter.compress;

import com.fasterxml.jackson.databind.JsonNode;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.adapters.Rope;

/**
 * One layer's attention output {@code Y} (N × d) for tokens {@code X} (N × d), in plain double loops:
 * the original from its canonical weights (DESIGN §3), and the compressed one from the tensors of a
 * written checkpoint by the formulas of docs/checkpoint-format.md. RoPE (rotate-half) is applied at
 * positions 0..N-1; there is no mask.
 */
final class AttentionOracle {

    /** The original layer: softmax(s·rope(XQ_i + bq)·rope(XK_g + bk)ᵀ)(XV_g + bv) O_i, summed, + bo. */
    static double[][] original(AttentionWeights w, double[][] x) {
        AttentionGeometry g = w.geometry();
        int n = x.length;
        int width = g.dH();
        double scale = 1 / Math.sqrt(width);
        double[][] y = new double[n][g.d()];
        for (int i = 0; i < g.nH(); i++) {
            int group = g.group(i);
            double[][] q = project(x, w.wq().data(), i * width, width, w.bq().orElse(null));
            double[][] k = project(x, w.wk().data(), group * width, width, w.bk().orElse(null));
            double[][] v = project(x, w.wv().data(), group * width, width, w.bv().orElse(null));
            rotate(q, g.rope());
            rotate(k, g.rope());
            double[][] z = attend(q, k, v, scale);
            for (int m = 0; m < n; m++) {
                for (int r = 0; r < g.d(); r++) {
                    double sum = 0;
                    for (int c = 0; c < width; c++) {
                        sum += w.wo().get(r, i * width + c) * z[m][c];
                    }
                    y[m][r] += sum;
                }
            }
        }
        w.bo().ifPresent(bo -> addBias(y, bo));
        return y;
    }

    /** The compressed layer described by {@code block} (one entry of tucker_attention.layers). */
    static double[][] compressed(Checkpoint out, JsonNode block, AttentionGeometry g, double[][] x) {
        String pre = block.get("prefix").asText() + "tucker.pre.";
        String post = block.get("prefix").asText() + "tucker.post.";
        boolean preDense = block.get("pre").get("storage").asText().equals("dense");
        boolean postDense = block.get("post").get("storage").asText().equals("dense");
        int n = x.length;
        int width = g.dH();
        int nH = g.nH();
        double[][] qLatent = times(x, out.tensor(pre + "u_query"));
        double[][] kLatent = times(x, out.tensor(pre + "u_key"));
        double[][] vLatent = times(x, out.tensor(post + "u_value"));
        int r2 = qLatent[0].length;
        int r3 = kLatent[0].length;
        int s2 = (int) out.tensor(post + "u_output").dim(1);
        int s3 = vLatent[0].length;
        double[] uOut = out.tensor(post + "u_output").doubles();
        double[][] y = new double[n][g.d()];
        for (int i = 0; i < nH; i++) {
            int group = g.group(i);
            double[][] logits = new double[n][n];
            if (preDense) {
                double[] b = headSlice(out, pre, i, r2 * r3);
                double[] qb = out.find(pre + "query_bias").map(t -> t.doubles()).orElse(null);
                for (int m = 0; m < n; m++) {
                    for (int t = 0; t < n; t++) {
                        double sum = 0;
                        for (int a = 0; a < r2; a++) {
                            for (int c = 0; c < r3; c++) {
                                sum += qLatent[m][a] * b[a * r3 + c] * kLatent[t][c];
                            }
                        }
                        if (qb != null) {
                            for (int c = 0; c < r3; c++) {
                                sum += kLatent[t][c] * qb[i * r3 + c];
                            }
                        }
                        logits[m][t] = sum;
                    }
                }
            } else {
                double[][] q = heads(qLatent, out.tensor(pre + "a").doubles(), i, width,
                        out.find(pre + "query_bias").map(t -> t.doubles()).orElse(null));
                double[][] k = heads(kLatent, out.tensor(pre + "c").doubles(), group, width,
                        out.find(pre + "key_bias").map(t -> t.doubles()).orElse(null));
                rotate(q, g.rope());
                rotate(k, g.rope());
                for (int m = 0; m < n; m++) {
                    for (int t = 0; t < n; t++) {
                        logits[m][t] = dot(q[m], k[t]);
                    }
                }
            }
            double[][] z = mix(softmax(logits), vLatent);
            for (int m = 0; m < n; m++) {
                double[] latentOut = new double[s2];
                if (postDense) {
                    double[] b = headSlice(out, post, i, s2 * s3);
                    for (int a = 0; a < s2; a++) {
                        for (int c = 0; c < s3; c++) {
                            latentOut[a] += b[a * s3 + c] * z[m][c];
                        }
                    }
                } else {
                    double[] cv = out.tensor(post + "c").doubles();
                    double[] ao = out.tensor(post + "a").doubles();
                    double[] head = new double[width];
                    for (int k = 0; k < width; k++) {
                        for (int c = 0; c < s3; c++) {
                            head[k] += z[m][c] * cv[(group * s3 + c) * width + k];
                        }
                    }
                    for (int a = 0; a < s2; a++) {
                        for (int k = 0; k < width; k++) {
                            latentOut[a] += head[k] * ao[(i * s2 + a) * width + k];
                        }
                    }
                }
                for (int r = 0; r < g.d(); r++) {
                    for (int a = 0; a < s2; a++) {
                        y[m][r] += uOut[r * s2 + a] * latentOut[a];
                    }
                }
            }
        }
        out.find(post + "output_bias").ifPresent(t -> addBias(y, t.floats()));
        return y;
    }

    /** {@code B_i = Σ_a U1[i,a] C[a]} of a dense side, row-major. */
    private static double[] headSlice(Checkpoint out, String side, int i, int size) {
        double[] u1 = out.tensor(side + "u_head").doubles();
        double[] core = out.tensor(side + "core").doubles();
        int r1 = (int) out.tensor(side + "u_head").dim(1);
        double[] b = new double[size];
        for (int a = 0; a < r1; a++) {
            for (int e = 0; e < size; e++) {
                b[e] += u1[i * r1 + a] * core[a * size + e];
            }
        }
        return b;
    }

    /** {@code latent · blocks[h] + bias[h]}: blocks {@code [*, r, w]}, bias {@code [*, w]} or null. */
    private static double[][] heads(double[][] latent, double[] blocks, int h, int width, double[] bias) {
        int r = latent[0].length;
        double[][] out = new double[latent.length][width];
        for (int m = 0; m < latent.length; m++) {
            for (int k = 0; k < width; k++) {
                double sum = bias == null ? 0 : bias[h * width + k];
                for (int a = 0; a < r; a++) {
                    sum += latent[m][a] * blocks[(h * r + a) * width + k];
                }
                out[m][k] = sum;
            }
        }
        return out;
    }

    /** {@code X U} for a stored {@code [d, r]} factor. */
    private static double[][] times(double[][] x, org.tuckerattention.formats.tensor.TensorRef u) {
        int d = (int) u.dim(0);
        int r = (int) u.dim(1);
        double[] v = u.doubles();
        double[][] out = new double[x.length][r];
        for (int m = 0; m < x.length; m++) {
            for (int a = 0; a < r; a++) {
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    sum += x[m][j] * v[j * r + a];
                }
                out[m][a] = sum;
            }
        }
        return out;
    }

    /** Rows {@code [from, from + width)} of an HF {@code out × in} weight applied to x, plus the bias slice. */
    private static double[][] project(double[][] x, float[] weight, int from, int width, float[] bias) {
        int d = x[0].length;
        double[][] out = new double[x.length][width];
        for (int m = 0; m < x.length; m++) {
            for (int k = 0; k < width; k++) {
                double sum = bias == null ? 0 : bias[from + k];
                for (int j = 0; j < d; j++) {
                    sum += weight[(from + k) * d + j] * x[m][j];
                }
                out[m][k] = sum;
            }
        }
        return out;
    }

    /** Rotate-half RoPE of each row at its position (Hugging Face's layout). */
    static void rotate(double[][] rows, Rope rope) {
        if (!rope.present()) {
            return;
        }
        if (rope.layout() != Rope.Layout.ROTATE_HALF) {
            throw new IllegalArgumentException("the oracle implements rotate-half RoPE only");
        }
        int half = rope.dims() / 2;
        for (int p = 0; p < rows.length; p++) {
            for (int j = 0; j < half; j++) {
                double angle = p * Math.pow(rope.theta(), -2.0 * j / rope.dims());
                double a = rows[p][j];
                double b = rows[p][j + half];
                rows[p][j] = a * Math.cos(angle) - b * Math.sin(angle);
                rows[p][j + half] = b * Math.cos(angle) + a * Math.sin(angle);
            }
        }
    }

    private static double[][] attend(double[][] q, double[][] k, double[][] v, double scale) {
        double[][] logits = new double[q.length][k.length];
        for (int m = 0; m < q.length; m++) {
            for (int t = 0; t < k.length; t++) {
                logits[m][t] = scale * dot(q[m], k[t]);
            }
        }
        return mix(softmax(logits), v);
    }

    private static double[][] softmax(double[][] logits) {
        double[][] p = new double[logits.length][];
        for (int m = 0; m < logits.length; m++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double l : logits[m]) {
                max = Math.max(max, l);
            }
            p[m] = new double[logits[m].length];
            double sum = 0;
            for (int t = 0; t < p[m].length; t++) {
                p[m][t] = Math.exp(logits[m][t] - max);
                sum += p[m][t];
            }
            for (int t = 0; t < p[m].length; t++) {
                p[m][t] /= sum;
            }
        }
        return p;
    }

    private static double[][] mix(double[][] p, double[][] v) {
        double[][] z = new double[p.length][v[0].length];
        for (int m = 0; m < p.length; m++) {
            for (int t = 0; t < v.length; t++) {
                for (int c = 0; c < v[0].length; c++) {
                    z[m][c] += p[m][t] * v[t][c];
                }
            }
        }
        return z;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static void addBias(double[][] y, float[] b) {
        for (double[] row : y) {
            for (int r = 0; r < row.length; r++) {
                row[r] += b[r];
            }
        }
    }

    private AttentionOracle() {}
}
