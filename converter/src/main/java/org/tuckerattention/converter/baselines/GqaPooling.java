package org.tuckerattention.converter.baselines;

import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * GQA by mean-pooling: the key and value heads of each new group are replaced by their mean (and so are
 * their biases), turning MHA into GQA or GQA into fewer groups (down to MQA). The pooled head is written
 * once per original head it replaces, so the checkpoint keeps its shapes.
 */
public final class GqaPooling implements Baseline {

    private final AttentionGeometry geometry;
    private final int groups;

    /** Pools {@code geometry}'s key/value heads into {@code groups}, which must divide their number. */
    public GqaPooling(AttentionGeometry geometry, int groups) {
        if (groups < 1 || geometry.nKV() % groups != 0) {
            throw new IllegalArgumentException(groups + " groups do not divide " + geometry.nKV()
                    + " key/value heads");
        }
        this.geometry = geometry;
        this.groups = groups;
    }

    @Override
    public String method() {
        return "gqa";
    }

    @Override
    public String description() {
        return geometry.nKV() + " -> " + groups + " key/value heads";
    }

    @Override
    public Map<String, Integer> settings() {
        return Map.of("key_value_heads", groups);
    }

    /** {@code d (nH dH + groups (dH + dV)) + nH dV d} plus the biases at the pooled width. */
    @Override
    public long parametersPerLayer() {
        AttentionGeometry g = geometry;
        long weights = (long) g.d() * ((long) g.nH() * g.dH() + (long) groups * (g.dH() + g.dV()))
                + (long) g.nH() * g.dV() * g.d();
        long biases = (g.qkvBias() ? (long) g.nH() * g.dH() + (long) groups * (g.dH() + g.dV()) : 0)
                + (g.outputBias() ? g.d() : 0);
        return weights + biases;
    }

    @Override
    public long kvValuesPerLayer() {
        return (long) groups * (geometry.dH() + geometry.dV());
    }

    @Override
    public AttentionWeights convert(AttentionWeights w) {
        int pooled = geometry.nKV() / groups;
        return new AttentionWeights(geometry, w.layer(), w.wq(), pool(w.wk(), geometry.dH(), pooled),
                pool(w.wv(), geometry.dV(), pooled), w.wo(), w.bq(),
                w.bk().map(b -> pool(new Matrix(b.length, 1, b), geometry.dH(), pooled).data()),
                w.bv().map(b -> pool(new Matrix(b.length, 1, b), geometry.dV(), pooled).data()), w.bo(),
                Optional.empty());
    }

    /** Rows in blocks of {@code width} (one per head), every run of {@code pooled} heads set to its mean. */
    private static Matrix pool(Matrix m, int width, int pooled) {
        int cols = m.cols();
        int block = width * cols;
        float[] src = m.data();
        float[] out = new float[src.length];
        for (int first = 0; first < src.length; first += block * pooled) {
            for (int k = 0; k < block; k++) {
                double sum = 0;
                for (int h = 0; h < pooled; h++) {
                    sum += src[first + h * block + k];
                }
                float mean = (float) (sum / pooled);
                for (int h = 0; h < pooled; h++) {
                    out[first + h * block + k] = mean;
                }
            }
        }
        return new Matrix(m.rows(), cols, out);
    }
}
