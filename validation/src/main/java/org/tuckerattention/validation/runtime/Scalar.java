package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication by a constant that autograd can differentiate. DJL's {@code mul(Number)} wraps the
 * number in an array over Java memory and closes it at once, while the backward pass of the product
 * still reads it: a garbage collection in between turns the gradients into NaN. Here the constant is
 * an array libtorch owns, kept with the product's other arrays.
 */
final class Scalar {

    /** {@code x · c}. */
    static NDArray times(NDArray x, float c) {
        return x.mul(x.getManager().full(new Shape(), c, x.getDataType()));
    }

    private Scalar() {}
}
