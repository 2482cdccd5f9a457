package org.tuckerattention.converter.calibration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.tuckerattention.validation.runtime.AttentionObserver;

/**
 * Streams the statistics of a calibration run: per layer {@code Σ x xᵀ} over every attention input in
 * double (the product runs in float64 too), and, when asked, per layer, head and distance
 * {@code δ = query position − key position} the attention mass, and {@code Σ z zᵀ} over the inputs of the
 * output projection. Nothing per token is kept.
 */
final class Collector implements AttentionObserver {

    private final double[][] sums;
    private final long[] counts;
    private final int heads;
    private final long[][] queries;
    private double[][][] mass;
    private double[][] contextSums;

    Collector(int layers, int d, int heads) {
        this.heads = heads;
        this.sums = new double[layers][d * d];
        this.counts = new long[layers];
        this.queries = new long[layers][heads];
    }

    /** Collects the attention mass too, at distances {@code 0 .. distances - 1}; call before the run. */
    void collectMass(int distances) {
        mass = new double[sums.length][heads][distances];
    }

    /** Collects the second moment of the output projection's input too ({@code width = nH·dV}); call before the run. */
    void collectContext(int width) {
        contextSums = new double[sums.length][width * width];
    }

    @Override
    public void input(int layer, NDArray x) {
        accumulate(sums[layer], x);
        counts[layer] += x.getShape().get(0);
    }

    @Override
    public void context(int layer, NDArray z) {
        if (contextSums != null) {
            accumulate(contextSums[layer], z);
        }
    }

    /** {@code sum += xᵀx} for rows {@code x}, the product in float64. */
    private static void accumulate(double[] sum, NDArray x) {
        try (NDArray x64 = x.toType(DataType.FLOAT64, true); NDArray gram = x64.transpose().matMul(x64)) {
            double[] g = gram.toDoubleArray();
            for (int k = 0; k < g.length; k++) {
                sum[k] += g[k];
            }
        }
    }

    @Override
    public void weights(int layer, NDArray weights, int start) {
        if (mass == null) {
            return;
        }
        Shape shape = weights.getShape();
        int tokens = (int) shape.get(1);
        int keys = (int) shape.get(2);
        float[] a = weights.toFloatArray();
        for (int i = 0; i < heads; i++) {
            double[] m = mass[layer][i];
            for (int t = 0; t < tokens; t++) {
                int position = start + t;
                int row = (i * tokens + t) * keys;
                for (int n = Math.max(0, position - m.length + 1); n <= Math.min(position, keys - 1); n++) {
                    m[position - n] += a[row + n];
                }
            }
            queries[layer][i] += tokens;
        }
    }

    /** {@code E[x xᵀ]} of layer {@code layer}'s attention input (d × d, row-major). */
    double[] secondMoment(int layer) {
        return mean(sums[layer], counts[layer]);
    }

    /** {@code E[z zᵀ]} of layer {@code layer}'s output-projection input, if collected. */
    Optional<double[]> contextMoment(int layer) {
        return contextSums == null ? Optional.empty() : Optional.of(mean(contextSums[layer], counts[layer]));
    }

    private static double[] mean(double[] sum, long count) {
        double[] out = sum.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] /= count;
        }
        return out;
    }

    /** Per head, the mean attention weight a query gives the key {@code δ} positions before it, if collected. */
    Optional<double[][]> offsetMass(int layer) {
        if (mass == null) {
            return Optional.empty();
        }
        double[][] out = new double[mass[layer].length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = mass[layer][i].clone();
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] /= queries[layer][i];
            }
        }
        return Optional.of(out);
    }
}
