package org.tuckerattention.validation.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.adapters.Rope;

/** Both RoPE layouts rotate the same pairs by the same angles; partial rotary leaves the rest alone. */
class RotaryTest {

    @Test
    void interleavedEqualsRotateHalfOnPermutedDimensions() {
        int w = 8;
        float[] interleaved = random(2 * 5 * w);
        float[] half = new float[interleaved.length];
        // Interleaved pair (2j, 2j + 1) is rotate-half pair (j, j + w/2).
        for (int row = 0; row < 10; row++) {
            for (int j = 0; j < w / 2; j++) {
                half[row * w + j] = interleaved[row * w + 2 * j];
                half[row * w + j + w / 2] = interleaved[row * w + 2 * j + 1];
            }
        }
        try (NDManager m = ComputeDevice.engine().newBaseManager(Device.cpu())) {
            float[] a = Rotary.of(new Rope(Rope.Layout.INTERLEAVED, 100, w))
                    .apply(m.create(interleaved, new Shape(2, 5, w)), 3).toFloatArray();
            float[] b = Rotary.of(new Rope(Rope.Layout.ROTATE_HALF, 100, w))
                    .apply(m.create(half, new Shape(2, 5, w)), 3).toFloatArray();
            for (int row = 0; row < 10; row++) {
                for (int j = 0; j < w / 2; j++) {
                    assertEquals(a[row * w + 2 * j], b[row * w + j], 1e-6);
                    assertEquals(a[row * w + 2 * j + 1], b[row * w + j + w / 2], 1e-6);
                }
            }
        }
    }

    @Test
    void partialRotaryRotatesOnlyItsDimsAndPositionZeroIsTheIdentity() {
        float[] x = random(3 * 8);
        try (NDManager m = ComputeDevice.engine().newBaseManager(Device.cpu())) {
            NDArray in = m.create(x, new Shape(3, 8));
            float[] out = Rotary.of(new Rope(Rope.Layout.ROTATE_HALF, 10000, 4)).apply(in, 0).toFloatArray();
            for (int j = 0; j < 8; j++) {
                assertEquals(x[j], out[j], 1e-7, "position 0 is not rotated");
            }
            for (int row = 1; row < 3; row++) {
                for (int j = 4; j < 8; j++) {
                    assertEquals(x[row * 8 + j], out[row * 8 + j], "dims past the rotary ones are unchanged");
                }
            }
            // Position 1, pair 0 rotates by exactly 1 radian (invFreq[0] = 1).
            double c = Math.cos(1);
            double s = Math.sin(1);
            assertEquals(x[8] * c - x[10] * s, out[8], 1e-6);
            assertEquals(x[10] * c + x[8] * s, out[10], 1e-6);
        }
    }

    private static float[] random(int n) {
        Random r = new Random(n);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
