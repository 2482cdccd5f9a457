package org.tuckerattention.converter.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.MatrixDimensionException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibtorchProductsTest {

    private static MatrixProducts libtorch;

    @BeforeAll
    static void loadEngine() {
        libtorch = LibtorchProducts.load();
    }

    /** Shapes of op(a) (rows x inner) and op(b) (inner x cols): square, non-square, 1 x n, n x 1. */
    private static final int[][] SHAPES = {{6, 6, 6}, {7, 13, 5}, {1, 9, 4}, {11, 3, 1}, {40, 65, 23}};

    @ParameterizedTest(name = "transposeA={0}, transposeB={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void matchesEjmlForEveryTransposeCombination(boolean transposeA, boolean transposeB) {
        Random random = new Random(345);
        for (int[] shape : SHAPES) {
            DMatrixRMaj a = stored(shape[0], shape[1], transposeA, random);
            DMatrixRMaj b = stored(shape[1], shape[2], transposeB, random);
            DMatrixRMaj expected = MatrixProducts.ejml().multiply(a, transposeA, b, transposeB);

            DMatrixRMaj actual = libtorch.multiply(a, transposeA, b, transposeB);

            assertEquals(shape[0], actual.numRows);
            assertEquals(shape[2], actual.numCols);
            assertTrue(relativeDifference(actual, expected) <= 1e-12,
                    "relative difference " + relativeDifference(actual, expected));
        }
    }

    @Test
    void gramByBlockRowsMatchesTheFullProductAndIsSymmetric() {
        // More columns than two Gram blocks, so the triangular path with a ragged last block runs.
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(7, 2 * LibtorchProducts.GRAM_BLOCK + 37, -1, 1, new Random(345));

        DMatrixRMaj gram = libtorch.gram(a);

        assertTrue(relativeDifference(gram, MatrixProducts.ejml().multiply(a, true, a, false)) <= 1e-12);
        for (int i = 0; i < gram.numRows; i += 97) {
            for (int j = 0; j < gram.numCols; j += 89) {
                assertEquals(gram.get(i, j), gram.get(j, i), 0);
            }
        }
    }

    @ParameterizedTest(name = "transposeA={0}")
    @CsvSource({"false", "true"})
    void residentOperandGivesTheSameProductEveryTime(boolean transposeA) {
        Random random = new Random(345);
        DMatrixRMaj a = stored(40, 65, transposeA, random);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(65, 23, -1, 1, random);
        DMatrixRMaj expected = MatrixProducts.ejml().multiply(a, transposeA, b, false);

        try (Resident resident = libtorch.resident(a)) {
            for (int k = 0; k < 3; k++) {
                DMatrixRMaj actual = libtorch.multiply(resident, transposeA, b, false);
                assertTrue(relativeDifference(actual, expected) <= 1e-12);
            }
        }
    }

    @ParameterizedTest(name = "precision={0}")
    @CsvSource({"DOUBLE, 1e-12", "SINGLE, 1e-5"})
    void blockMethodsMatchTheJavaDefaultsAtTheirPrecision(Precision precision, double tolerance) {
        Random random = new Random(345);
        int w = 5;
        // Six heads in three blocks of two (GQA-like) for the mixed products; f is 17 x 3·5.
        DMatrixRMaj f = RandomMatrices_DDRM.rectangle(17, 3 * w, -1, 1, random);
        DMatrixRMaj omega = RandomMatrices_DDRM.rectangle(17, 4, -1, 1, random);
        DMatrixRMaj small = RandomMatrices_DDRM.rectangle(6 * w, 3, -1, 1, random);
        DMatrixRMaj mix = RandomMatrices_DDRM.rectangle(6, 2, -1, 1, random);
        List<DMatrixRMaj> blocks = MatrixProducts.ejml().blockGrams(f, w);
        MatrixProducts plain = MatrixProducts.ejml();
        try (Resident nativeF = libtorch.resident(f); Resident javaF = plain.resident(f)) {
            assertTrue(relativeDifference(libtorch.congruence(nativeF, blocks, omega, precision),
                    plain.congruence(javaF, blocks, omega, Precision.DOUBLE)) <= tolerance);
            assertTrue(relativeDifference(libtorch.mixedBlockProducts(nativeF, 2, small, mix, precision),
                    plain.mixedBlockProducts(javaF, 2, small, mix, Precision.DOUBLE)) <= tolerance);
            assertTrue(relativeDifference(libtorch.multiply(nativeF, true, omega, false, precision),
                    plain.multiply(f, true, omega, false)) <= tolerance);
        }
        assertTrue(relativeDifference(libtorch.multiply(f, true, omega, false, precision),
                plain.multiply(f, true, omega, false)) <= tolerance);
        DMatrixRMaj heads = RandomMatrices_DDRM.rectangle(6, 6, -1, 1, random);
        for (int perBlock : new int[] {1, 2, 3}) {
            DMatrixRMaj h = RandomMatrices_DDRM.rectangle(6 / perBlock * w, 4, -1, 1, random);
            assertTrue(relativeDifference(libtorch.mixedCongruence(small, heads, h, w, perBlock, precision),
                    plain.mixedCongruence(small, heads, h, w, perBlock, Precision.DOUBLE)) <= tolerance);
        }
    }

    /**
     * A factor of 4096 rows and nine 64-column blocks is held as chunks of eight blocks and one (ragged);
     * with r = 520 each head's product exceeds a chunk, so the mixing runs block by block and group by group.
     */
    @ParameterizedTest(name = "r={0}, precision={1}")
    @CsvSource({"5, DOUBLE, 1e-12", "520, DOUBLE, 1e-12", "5, SINGLE, 1e-5", "520, SINGLE, 1e-5"})
    void chunkedResidentsMatchTheJavaDefaults(int r, Precision precision, double tolerance) {
        Random random = new Random(345);
        int w = 64;
        int n = 4096;
        DMatrixRMaj f = RandomMatrices_DDRM.rectangle(n, 9 * w, -1, 1, random);
        DMatrixRMaj omega = RandomMatrices_DDRM.rectangle(n, 7, -1, 1, random);
        DMatrixRMaj wide = RandomMatrices_DDRM.rectangle(9 * w, 7, -1, 1, random);
        DMatrixRMaj small = RandomMatrices_DDRM.rectangle(18 * w, r, -1, 1, random);
        DMatrixRMaj mix = RandomMatrices_DDRM.rectangle(18, 3, -1, 1, random);
        MatrixProducts plain = MatrixProducts.ejml();
        List<DMatrixRMaj> blocks = plain.blockGrams(f, w);
        try (Resident nativeF = libtorch.resident(f, w); Resident javaF = plain.resident(f)) {
            assertTrue(relativeDifference(libtorch.congruence(nativeF, blocks, omega, precision),
                    plain.congruence(javaF, blocks, omega, Precision.DOUBLE)) <= tolerance);
            assertTrue(relativeDifference(libtorch.multiply(nativeF, true, omega, false, precision),
                    plain.multiply(f, true, omega, false)) <= tolerance);
            assertTrue(relativeDifference(libtorch.multiply(nativeF, false, wide, false, precision),
                    plain.multiply(f, false, wide, false)) <= tolerance);
            DMatrixRMaj expected = plain.mixedBlockProducts(javaF, 2, small, mix, Precision.DOUBLE);
            try (Resident mixed = libtorch.mixedBlocks(nativeF, 2, small, mix, precision)) {
                assertEquals(n, mixed.rows());
                assertEquals(3 * r, mixed.cols());
                DMatrixRMaj right = RandomMatrices_DDRM.rectangle(3 * r, 4, -1, 1, random);
                assertTrue(relativeDifference(libtorch.transposedGram(mixed, precision),
                        plain.multiply(expected, true, expected, false)) <= tolerance);
                assertTrue(relativeDifference(libtorch.multiply(mixed, true, omega, false, precision),
                        plain.multiply(expected, true, omega, false)) <= tolerance);
                assertTrue(relativeDifference(libtorch.multiply(mixed, false, right, false, precision),
                        plain.multiply(expected, false, right, false)) <= tolerance);
                assertTrue(relativeDifference(mixed.matrix(), expected) <= tolerance);
            }
        }
    }

    @Test
    void blockGramsAndBlockProductsAreExactInDouble() {
        Random random = new Random(345);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(4 * 6, 5, -1, 1, random);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(4 * 6, 3, -1, 1, random);
        DMatrixRMaj wide = RandomMatrices_DDRM.rectangle(11, 4 * 6, -1, 1, random);
        List<DMatrixRMaj> expected = MatrixProducts.ejml().blockGrams(wide, 6);
        List<DMatrixRMaj> actual = libtorch.blockGrams(wide, 6);
        assertEquals(4, actual.size());
        for (int k = 0; k < 4; k++) {
            assertTrue(relativeDifference(actual.get(k), expected.get(k)) <= 1e-12);
        }
        assertTrue(relativeDifference(libtorch.blockTransposedProducts(a, b, 6),
                MatrixProducts.ejml().blockTransposedProducts(a, b, 6)) <= 1e-12);
        DMatrixRMaj e = RandomMatrices_DDRM.rectangle(4, 5 * 7, -1, 1, random);
        DMatrixRMaj times = libtorch.blockTimes(a, e, 6);
        assertTrue(relativeDifference(times, MatrixProducts.ejml().blockTimes(a, e, 6)) <= 1e-12);
        // Block 2 by hand: rows 12..17 of a times row 2 of e read as 5 x 7.
        DMatrixRMaj e2 = DMatrixRMaj.wrap(5, 7, Arrays.copyOfRange(e.data, 2 * 35, 3 * 35));
        DMatrixRMaj expected2 = MatrixProducts.ejml().multiply(CommonOps_DDRM.extract(a, 12, 18, 0, 5), e2);
        assertTrue(relativeDifference(CommonOps_DDRM.extract(times, 12, 18, 0, 7), expected2) <= 1e-12);
    }

    @Test
    void repeatedBlocksSumBackToTheirMultiple() {
        DMatrixRMaj m = RandomMatrices_DDRM.rectangle(2 * 3, 4, -1, 1, new Random(345));
        DMatrixRMaj repeated = BlockProducts.repeatBlocks(m, 3, 4);
        assertEquals(2 * 4 * 3, repeated.numRows);
        assertEquals(m.get(4, 1), repeated.get((1 * 4 + 3) * 3 + 1, 1), 0.0);
        DMatrixRMaj summed = BlockProducts.sumBlocks(repeated, 3, 4);
        DMatrixRMaj fourTimes = m.copy();
        CommonOps_DDRM.scale(4, fourTimes);
        assertTrue(relativeDifference(summed, fourTimes) <= 1e-15);
        assertSame(m, BlockProducts.repeatBlocks(m, 3, 1));
    }

    @Test
    void leavesItsInputsUnchanged() {
        Random random = new Random(345);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(5, 4, -1, 1, random);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(5, 3, -1, 1, random);
        double[] aData = a.data.clone();
        double[] bData = b.data.clone();

        libtorch.multiply(a, true, b, false);

        assertArrayEquals(aData, a.data, 0);
        assertArrayEquals(bData, b.data, 0);
    }

    @Test
    void readsOnlyTheElementsOfAMatrixWithALongerArray() {
        DMatrixRMaj a = new DMatrixRMaj(3, 3, true, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        a.reshape(2, 2, false);
        DMatrixRMaj identity = new DMatrixRMaj(2, 2, true, 1, 0, 0, 1);

        DMatrixRMaj c = libtorch.multiply(a, identity);

        assertArrayEquals(new double[] {1, 2, 3, 4}, c.data, 0);
    }

    @Test
    void givesZerosWhenTheInnerDimensionIsEmpty() {
        DMatrixRMaj c = libtorch.multiply(new DMatrixRMaj(3, 0), new DMatrixRMaj(0, 2));

        assertEquals(3, c.numRows);
        assertEquals(2, c.numCols);
        assertArrayEquals(new double[6], c.data, 0);
    }

    @Test
    void rejectsMismatchedInnerDimensions() {
        DMatrixRMaj a = new DMatrixRMaj(3, 4);
        DMatrixRMaj b = new DMatrixRMaj(3, 2);

        MatrixDimensionException e = assertThrows(MatrixDimensionException.class,
                () -> libtorch.multiply(a, false, b, false));

        assertTrue(e.getMessage().contains("3x4"), e.getMessage());
    }

    @Test
    void bestIsLibtorchWhereTheEngineLoads() {
        MatrixProducts best = MatrixProducts.best();

        assertEquals("libtorch", best.name());
        assertSame(best, MatrixProducts.best());
        assertTrue(MatrixProducts.bestReason().startsWith("PyTorch 2.7.1 through DJL 0.36.0 loaded"),
                MatrixProducts.bestReason());
    }

    /** A random matrix stored so that op() of it is rows x cols. */
    private static DMatrixRMaj stored(int rows, int cols, boolean transposed, Random random) {
        return transposed
                ? RandomMatrices_DDRM.rectangle(cols, rows, -1, 1, random)
                : RandomMatrices_DDRM.rectangle(rows, cols, -1, 1, random);
    }

    private static double relativeDifference(DMatrixRMaj actual, DMatrixRMaj expected) {
        DMatrixRMaj difference = actual.copy();
        for (int i = 0; i < difference.getNumElements(); i++) {
            difference.data[i] -= expected.data[i];
        }
        return NormOps_DDRM.normF(difference) / NormOps_DDRM.normF(expected);
    }
}
