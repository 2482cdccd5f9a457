package org.tuckerattention.converter.tucker;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.adapters.Rope;
import org.tuckerattention.formats.tensor.Matrix;

/** Small seeded attention weights of each mechanism, and their two factored tensors. */
final class TestTensors {

    /** A named tensor for parameterised tests. */
    record Case(String name, FactoredTensor tensor) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** MHA: nH 4, d 12, dH 3. */
    static AttentionWeights mha(Random random) {
        return standard(random, 12, 4, 4, 3);
    }

    /** GQA: nH 6, nKV 2, d 10, dH 3. */
    static AttentionWeights gqa(Random random) {
        return standard(random, 10, 6, 2, 3);
    }

    /** MQA: nH 4, nKV 1, d 10, dH 3. */
    static AttentionWeights mqa(Random random) {
        return standard(random, 10, 4, 1, 3);
    }

    /** MLA (synthetic DeepSeek-V2 layer 0): nH 4, d 20, d_c^Q 10, d_c^KV 8, nope 6, v 5. */
    static AttentionWeights mla() {
        Checkpoint c = SyntheticModels.deepseekV2(true).inMemory(Path.of("synthetic-deepseek-v2"));
        ArchitectureAdapter adapter = Adapters.forConfig(c.config());
        return adapter.attention(c, adapter.geometry(c.config()), 0);
    }

    /** Both tensors of every mechanism, seeded. */
    static List<Case> all() {
        Random random = new Random(345);
        AttentionWeights mha = mha(random);
        AttentionWeights gqa = gqa(random);
        AttentionWeights mqa = mqa(random);
        AttentionWeights mla = mla();
        return List.of(
                new Case("MHA pre", FactoredTensor.preSoftmax(mha)),
                new Case("MHA post", FactoredTensor.postSoftmax(mha)),
                new Case("GQA pre", FactoredTensor.preSoftmax(gqa)),
                new Case("GQA post", FactoredTensor.postSoftmax(gqa)),
                new Case("MQA pre", FactoredTensor.preSoftmax(mqa)),
                new Case("MQA post", FactoredTensor.postSoftmax(mqa)),
                new Case("MLA pre", FactoredTensor.preSoftmax(mla)),
                new Case("MLA post", FactoredTensor.postSoftmax(mla)));
    }

    static AttentionWeights standard(Random random, int d, int nH, int nKV, int dH) {
        AttentionGeometry g = AttentionGeometry.standard(1, d, nH, nKV, dH, Rope.NONE, false, false);
        return new AttentionWeights(g, 0, gaussian(random, nH * dH, d), gaussian(random, nKV * dH, d),
                gaussian(random, nKV * dH, d), gaussian(random, d, nH * dH), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A tensor whose query mode has a geometrically decaying spectrum (rows of L_all scaled by
     * {@code decay^p}), for comparing the randomized method with the full eigendecomposition.
     */
    static FactoredTensor decaying(Random random, int heads, int queryDim, int keyDim, int width, double decay) {
        DMatrixRMaj left = gaussian(random, queryDim, heads * width, 1);
        for (int p = 0; p < queryDim; p++) {
            for (int c = 0; c < left.numCols; c++) {
                left.data[p * left.numCols + c] *= Math.pow(decay, p);
            }
        }
        return FactoredTensor.of(left, gaussian(random, keyDim, heads * width, 1), heads, heads,
                FactoredTensor.PRE_SOFTMAX_MODES);
    }

    static DMatrixRMaj gaussian(Random random, int rows, int cols, double scale) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int k = 0; k < m.data.length; k++) {
            m.data[k] = random.nextGaussian() * scale;
        }
        return m;
    }

    private static Matrix gaussian(Random random, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (random.nextGaussian() / Math.sqrt(cols));
        }
        return new Matrix(rows, cols, v);
    }

    private TestTensors() {}
}
