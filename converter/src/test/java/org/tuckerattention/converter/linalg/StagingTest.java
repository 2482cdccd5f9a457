package org.tuckerattention.converter.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Copies written into fresh tensors equal the input, in both precisions and sizes, and own their memory. */
class StagingTest {

    private static Engine engine;

    @BeforeAll
    static void engine() {
        LibtorchProducts.load();
        engine = Engine.getEngine("PyTorch");
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @CsvSource({"3, 5, DOUBLE", "3, 5, SINGLE", "4097, 1025, DOUBLE", "4097, 1025, SINGLE"})
    void copiesEqualTheirInputAndSurviveTheNextCopy(int rows, int cols, Precision precision) {
        // 4097 x 1025 doubles (33.6 MB) is above glibc's mmap threshold as ./tucker sets it; 3 x 5 is far below.
        Random random = new Random(345);
        // A longer array than rows x cols: only the matrix's own elements are read.
        DMatrixRMaj first = DMatrixRMaj.wrap(rows, cols, random.doubles((long) rows * cols + 3).toArray());
        DMatrixRMaj second = DMatrixRMaj.wrap(rows, cols, random.doubles((long) rows * cols).toArray());
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray a = Staging.copy(manager, first, precision);
            NDArray b = Staging.copy(manager, second, precision);
            assertEquals(precision == Precision.SINGLE ? DataType.FLOAT32 : DataType.FLOAT64, a.getDataType());
            assertEquals(new Shape(rows, cols), a.getShape());
            assertArrayEquals(expected(first, 0, cols, precision), a.toType(DataType.FLOAT64, false).toDoubleArray());
            assertArrayEquals(expected(second, 0, cols, precision), b.toType(DataType.FLOAT64, false).toDoubleArray());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DOUBLE", "SINGLE"})
    void aColumnBlockIsCopiedRowSegmentByRowSegment(Precision precision) {
        DMatrixRMaj m = DMatrixRMaj.wrap(7, 9, new Random(345).doubles(7 * 9).toArray());
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray block = Staging.copy(manager, m, 2, 6, precision);
            assertEquals(new Shape(7, 4), block.getShape());
            assertArrayEquals(expected(m, 2, 6, precision), block.toType(DataType.FLOAT64, false).toDoubleArray());
            assertEquals(new Shape(7, 0), Staging.copy(manager, m, 3, 3, precision).getShape());
        }
    }

    /** Columns [from, to) of m, row-major, rounded to float32 for SINGLE. */
    private static double[] expected(DMatrixRMaj m, int from, int to, Precision precision) {
        int width = to - from;
        double[] out = new double[m.numRows * width];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < width; j++) {
                double v = m.get(i, from + j);
                out[i * width + j] = precision == Precision.SINGLE ? (float) v : v;
            }
        }
        return out;
    }
}
