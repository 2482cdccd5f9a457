package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * The engine on real weights: stories260K (GQA, nH 8, nKV 4, dH 8, d 64, 5 layers). The pre-softmax
 * tensor is taken at RoPE offset 0 (DESIGN §5.1).
 */
class Stories260KTuckerTest {

    @Test
    void modeRanksAreTheStructuralOnesInEveryLayer() throws Exception {
        try (Checkpoint c = Checkpoints.open(SharedData.stories260K().resolve("hf-f32"))) {
            ArchitectureAdapter adapter = Adapters.forConfig(c.config());
            AttentionGeometry g = adapter.geometry(c.config());
            for (int layer = 0; layer < g.layers(); layer++) {
                AttentionWeights w = adapter.attention(c, g, layer);
                for (FactoredTensor x : List.of(FactoredTensor.preSoftmax(w), FactoredTensor.postSoftmax(w))) {
                    ModeGram gram = new ModeGram(x, MatrixProducts.ejml());
                    int[] ranks = new int[3];
                    for (int n = 1; n <= 3; n++) {
                        ranks[n - 1] = gram.spectrum(n).rankAtRelativeThreshold(1e-6);
                    }
                    // Key/value mode nKV·dH = 32 of 64; query/output full; head mode full.
                    assertArrayEquals(new int[] {8, 64, 32}, ranks, "layer " + layer + " " + x.modeNames());
                    TuckerDecomposition exact = Hosvd.decompose(gram, TuckerOptions.ranks(8, 64, 32));
                    assertTrue(exact.relativeError() < 1e-6, "layer " + layer);
                    TuckerOptions half = TuckerOptions.ranks(4, 32, 16).maxIterations(3);
                    double hosvd = Hosvd.decompose(gram, half).relativeError();
                    assertTrue(Hooi.decompose(gram, half).relativeError() <= hosvd, "layer " + layer);
                }
            }
        }
    }
}
