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
        double[] first = random.doubles((long) rows * cols + 3).toArray();
        double[] second = random.doubles((long) rows * cols).toArray();
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray a = Staging.copy(manager, first, new Shape(rows, cols), precision);
            NDArray b = Staging.copy(manager, second, new Shape(rows, cols), precision);
            assertEquals(precision == Precision.SINGLE ? DataType.FLOAT32 : DataType.FLOAT64, a.getDataType());
            assertArrayEquals(expected(first, rows * cols, precision), a.toType(DataType.FLOAT64, false).toDoubleArray());
            assertArrayEquals(expected(second, rows * cols, precision), b.toType(DataType.FLOAT64, false).toDoubleArray());
        }
    }

    /** The first {@code size} values, rounded to float32 for SINGLE. */
    private static double[] expected(double[] data, int size, Precision precision) {
        double[] out = new double[size];
        for (int k = 0; k < size; k++) {
            out[k] = precision == Precision.SINGLE ? (float) data[k] : data[k];
        }
        return out;
    }
}
