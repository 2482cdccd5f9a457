package org.tuckerattention.converter.compress;

import java.util.Arrays;

/**
 * One tensor of a compressed side, before it is written: its name after the side's prefix (e.g.
 * {@code u_query}), its safetensors shape and its row-major values in double.
 */
record TuckerTensor(String name, long[] shape, double[] values) {

    TuckerTensor {
        long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " for " + values.length);
        }
    }

    long elementCount() {
        return values.length;
    }
}
