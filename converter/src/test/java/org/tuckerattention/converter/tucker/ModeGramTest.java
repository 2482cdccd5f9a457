package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.Spectrum;
import org.tuckerattention.formats.adapters.AttentionWeights;

/** The mode Grams from per-head factors against the unfoldings of the materialised tensor (DESIGN §4.1). */
class ModeGramTest {

    static List<TestTensors.Case> cases() {
        return TestTensors.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gramsEqualTheDenseUnfoldingGrams(TestTensors.Case c) {
        DenseOracle oracle = new DenseOracle(c.tensor());
        ModeGram gram = new ModeGram(c.tensor(), MatrixProducts.ejml());
        for (int n = 1; n <= 3; n++) {
            assertTrue(Matrices.relativeDifference(gram.gram(n), oracle.gram(n)) < 1e-10, c + " mode " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void implicitProductsEqualTheExplicitGrams(TestTensors.Case c) {
        ModeGram gram = new ModeGram(c.tensor(), MatrixProducts.ejml());
        Random random = new Random(345);
        for (int n = 1; n <= 3; n++) {
            DMatrixRMaj omega = TestTensors.gaussian(random, gram.dimension(n), 3, 1);
            DMatrixRMaj explicit = MatrixProducts.ejml().multiply(gram.gram(n), omega);
            assertTrue(Matrices.relativeDifference(gram.apply(n, omega), explicit) < 1e-12, c + " mode " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void normSquaredIsTheTraceOfTheHeadGram(TestTensors.Case c) {
        double oracle = new DenseOracle(c.tensor()).normSquared();
        assertEquals(oracle, new ModeGram(c.tensor(), MatrixProducts.ejml()).normSquared(), 1e-12 * oracle);
        assertEquals(oracle, c.tensor().normSquared(), 1e-12 * oracle);
    }

    @Test
    void gqaKeyModeRankIsKeyValueHeadsTimesHeadWidth() {
        AttentionWeights w = TestTensors.gqa(new Random(345));
        for (FactoredTensor t : List.of(FactoredTensor.preSoftmax(w), FactoredTensor.postSoftmax(w))) {
            ModeGram gram = new ModeGram(t, MatrixProducts.ejml());
            // nH 6, d 10, nKV·dH = 6: head and query modes full, key/value mode 6 of 10.
            assertArrayEquals(new int[] {6, 10, 6}, numericalRanks(gram));
        }
    }

    @Test
    void mqaKeyModeRankIsOneHeadWidth() {
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.mqa(new Random(345)));
        ModeGram gram = new ModeGram(x, MatrixProducts.ejml());
        assertArrayEquals(new int[] {4, 10, 3}, numericalRanks(gram));
    }

    @Test
    void mlaRanksAreTheLatentWidths() {
        AttentionWeights w = TestTensors.mla();
        // (nH, d_c^Q, d_c^KV) = (4, 10, 8) before softmax; (nH, d, d_c^KV) = (4, 20, 8) after it.
        ModeGram pre = new ModeGram(FactoredTensor.preSoftmax(w), MatrixProducts.ejml());
        ModeGram post = new ModeGram(FactoredTensor.postSoftmax(w), MatrixProducts.ejml());
        assertArrayEquals(new int[] {4, 10, 8}, pre.tensor().dims());
        assertArrayEquals(new int[] {4, 10, 8}, numericalRanks(pre));
        assertArrayEquals(new int[] {4, 20, 8}, numericalRanks(post));
    }

    @Test
    void spectraOfAllModesCarryTheSameEnergy() {
        FactoredTensor x = FactoredTensor.postSoftmax(TestTensors.mha(new Random(345)));
        ModeGram gram = new ModeGram(x, MatrixProducts.ejml());
        for (int n = 1; n <= 3; n++) {
            Spectrum s = gram.spectrum(n);
            assertEquals(gram.dimension(n), s.size());
            assertEquals(gram.normSquared(), s.energy(), 1e-12 * gram.normSquared());
        }
    }

    private static int[] numericalRanks(ModeGram gram) {
        int[] r = new int[3];
        for (int n = 1; n <= 3; n++) {
            r[n - 1] = gram.spectrum(n).rankAtRelativeThreshold(1e-6);
        }
        return r;
    }
}
