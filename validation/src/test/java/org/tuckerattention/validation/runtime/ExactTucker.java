package org.tuckerattention.validation.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.Matrix;
import org.tuckerattention.formats.tensor.TensorBytes;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * Builds, by hand and independently of {@code tucker compress}, an exact full-rank Tucker checkpoint
 * (docs/checkpoint-format.md) of a dense one: every factor square and orthogonal (a seeded Householder
 * reflection, or the identity), cores from the original per-head products, biases folded as the
 * format says. The runtime must then reproduce the dense model's outputs.
 */
final class ExactTucker {

    private final Random random;
    private final boolean identityFactors;

    /** {@code identityFactors}: all factors are identities (the latent RoPE test needs {@code U3 = I}). */
    ExactTucker(long seed, boolean identityFactors) {
        this.random = new Random(seed);
        this.identityFactors = identityFactors;
    }

    /** The Tucker form of {@code dense}, all layers, in memory; {@code rope} is "none", "head" or "latent". */
    Checkpoint convert(Checkpoint dense, String rope, String preStorage, String postStorage) {
        HfConfig config = dense.config();
        ArchitectureAdapter adapter = Adapters.forConfig(config);
        AttentionGeometry g = adapter.geometry(config);
        Map<String, TensorRef> out = new LinkedHashMap<>();
        Set<String> replaced = new java.util.HashSet<>();
        ObjectNode json = config.json();
        ObjectNode block = json.putObject("tucker_attention");
        block.put("format_version", 1).put("rope", rope).put("rope_weighting", "zero")
                .put("latent_rope_theta", g.rope().present() ? g.rope().theta() : 10000.0)
                .put("scale_folded", true).put("biases_folded", true);
        ArrayNode layers = block.putArray("layers");
        for (int l = 0; l < g.layers(); l++) {
            Set<String> names = adapter.attentionTensors(dense, g, l).keySet();
            replaced.addAll(names);
            String prefix = commonPrefix(names);
            AttentionWeights w = adapter.attention(dense, g, l);
            pre(out, prefix + "tucker.pre.", w, rope, preStorage);
            post(out, prefix + "tucker.post.", w, postStorage);
            ObjectNode entry = layers.addObject().put("layer", l).put("prefix", prefix);
            entry.putObject("pre").put("storage", preStorage);
            entry.putObject("post").put("storage", postStorage);
        }
        dense.tensors().forEach((name, ref) -> {
            if (!replaced.contains(name)) {
                put(out, name, ref.floats(), ref.shape());
            }
        });
        Path source = dense.source();
        return new Checkpoint(source, new HfConfig(source.resolve("config.json"), json), out, List.of(), List.of());
    }

    private void pre(Map<String, TensorRef> out, String p, AttentionWeights w, String rope, String storage) {
        AttentionGeometry g = w.geometry();
        int d = g.d();
        double s = 1 / Math.sqrt(g.dH());
        double[][] u2 = orthogonal(d);
        double[][] u3 = orthogonal(d);
        put(out, p + "u_query", flat(u2), d, d);
        put(out, p + "u_key", flat(u3), d, d);
        if (storage.equals("dense")) {
            // B_i = U2ᵀ Q_i K_gᵀ U3 · s; core[a] = Σ_i U1[i, a] B_i, so Σ_a U1[i, a] core[a] = B_i.
            double[][] u1 = orthogonal(g.nH());
            double[][][] b = new double[g.nH()][][];
            for (int i = 0; i < g.nH(); i++) {
                b[i] = scaled(mul(mul(transpose(u2), mul(of(w.queryHead(i)), transpose(of(w.keyHead(g.group(i)))))), u3),
                        s);
            }
            put(out, p + "core", flat(mix(u1, b)), g.nH(), d, d);
            put(out, p + "u_head", flat(u1), g.nH(), g.nH());
            w.bq().ifPresent(bq -> {
                double[][] qb = new double[g.nH()][];
                for (int i = 0; i < g.nH(); i++) {
                    // The key-side term s·bq_i K_gᵀ xₙᵀ, in key-latent coordinates.
                    qb[i] = scaled(new double[][] {
                        mulVec(transpose(u3), mulVec(of(w.keyHead(g.group(i))), slice(bq, i, g.dH())))}, s)[0];
                }
                put(out, p + "query_bias", flat(qb), g.nH(), d);
            });
            return;
        }
        double[][] a = new double[g.nH() * d][];
        for (int i = 0; i < g.nH(); i++) {
            double[][] ai = scaled(mul(transpose(u2), of(w.queryHead(i))), s);
            System.arraycopy(ai, 0, a, i * d, d);
        }
        double[][] c = new double[g.nKV() * d][];
        for (int k = 0; k < g.nKV(); k++) {
            System.arraycopy(mul(transpose(u3), of(w.keyHead(k))), 0, c, k * d, d);
        }
        put(out, p + "a", flat(a), g.nH(), d, g.dH());
        put(out, p + "c", flat(c), g.nKV(), d, g.dH());
        w.bq().ifPresent(bq -> put(out, p + "query_bias", scaled(toDouble(bq), s), g.nH(), g.dH()));
        if (rope.equals("head")) {
            w.bk().ifPresent(bk -> put(out, p + "key_bias", toDouble(bk), g.nKV(), g.dH()));
        }
    }

    private void post(Map<String, TensorRef> out, String p, AttentionWeights w, String storage) {
        AttentionGeometry g = w.geometry();
        int d = g.d();
        double[][] u2 = orthogonal(d);
        double[][] u3 = orthogonal(d);
        put(out, p + "u_output", flat(u2), d, d);
        put(out, p + "u_value", flat(u3), d, d);
        if (storage.equals("dense")) {
            // B̃_i = Ũ2ᵀ O_iᵀ V_gᵀ Ũ3 (s2 × s3).
            double[][] u1 = orthogonal(g.nH());
            double[][][] b = new double[g.nH()][][];
            for (int i = 0; i < g.nH(); i++) {
                b[i] = mul(mul(transpose(u2), transpose(of(w.outputHead(i)))), mul(transpose(of(w.valueHead(g.group(i)))), u3));
            }
            put(out, p + "core", flat(mix(u1, b)), g.nH(), d, d);
            put(out, p + "u_head", flat(u1), g.nH(), g.nH());
        } else {
            double[][] a = new double[g.nH() * d][];
            for (int i = 0; i < g.nH(); i++) {
                System.arraycopy(mul(transpose(u2), transpose(of(w.outputHead(i)))), 0, a, i * d, d);
            }
            double[][] c = new double[g.nKV() * d][];
            for (int k = 0; k < g.nKV(); k++) {
                System.arraycopy(mul(transpose(u3), of(w.valueHead(k))), 0, c, k * d, d);
            }
            put(out, p + "a", flat(a), g.nH(), d, g.dV());
            put(out, p + "c", flat(c), g.nKV(), d, g.dV());
        }
        if (w.bo().isPresent() || w.bv().isPresent()) {
            // bo + Σ_i bv_g(i) O_i: softmax rows sum to one, so the value bias passes straight through.
            double[] bias = w.bo().map(ExactTucker::toDouble).orElse(new double[d]);
            for (int i = 0; i < g.nH(); i++) {
                if (w.bv().isPresent()) {
                    double[] bv = slice(w.bv().get(), g.group(i), g.dV());
                    double[] term = mulVec(transpose(of(w.outputHead(i))), bv);
                    for (int j = 0; j < d; j++) {
                        bias[j] += term[j];
                    }
                }
            }
            put(out, p + "output_bias", bias, d);
        }
    }

    /** A seeded Householder reflection {@code I - 2vvᵀ/vᵀv}, or the identity. */
    private double[][] orthogonal(int n) {
        double[] v = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
            norm += v[i] * v[i];
        }
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1 : 0) - (identityFactors ? 0 : 2 * v[i] * v[j] / norm);
            }
        }
        return h;
    }

    private static double[][][] mix(double[][] u1, double[][][] b) {
        int r1 = u1[0].length;
        double[][][] core = new double[r1][b[0].length][b[0][0].length];
        for (int a = 0; a < r1; a++) {
            for (int i = 0; i < b.length; i++) {
                for (int r = 0; r < b[i].length; r++) {
                    for (int c = 0; c < b[i][r].length; c++) {
                        core[a][r][c] += u1[i][a] * b[i][r][c];
                    }
                }
            }
        }
        return core;
    }

    private static String commonPrefix(Set<String> names) {
        String first = names.iterator().next();
        int n = first.length();
        for (String s : names) {
            int k = 0;
            while (k < Math.min(n, s.length()) && s.charAt(k) == first.charAt(k)) {
                k++;
            }
            n = k;
        }
        return first.substring(0, first.lastIndexOf('.', n - 1) + 1);
    }

    private static double[][] of(Matrix m) {
        double[][] a = new double[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                a[r][c] = m.get(r, c);
            }
        }
        return a;
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[] mulVec(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < v.length; k++) {
                out[i] += a[i][k] * v[k];
            }
        }
        return out;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[][] scaled(double[][] a, double s) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = scaled(a[i], s);
        }
        return out;
    }

    private static double[] scaled(double[] a, double s) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    private static double[] slice(float[] v, int block, int width) {
        double[] out = new double[width];
        for (int j = 0; j < width; j++) {
            out[j] = v[block * width + j];
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static double[] flat(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static double[] flat(double[][][] a) {
        return java.util.Arrays.stream(a).flatMap(java.util.Arrays::stream).flatMapToDouble(java.util.Arrays::stream)
                .toArray();
    }

    private static void put(Map<String, TensorRef> out, String name, double[] values, long... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        put(out, name, f, shape);
    }

    private static void put(Map<String, TensorRef> out, String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.put(name, new TensorRef(name, DType.F32, shape, Path.of(name), TensorBytes.inMemory(b)));
    }

}
