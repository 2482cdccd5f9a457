package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.tuckerattention.formats.adapters.Rope;

/**
 * Rotary position embedding applied to the last axis of {@code (..., T, w)} arrays (DESIGN §5.1).
 * Pair {@code j} rotates by angle {@code position · invFreq[j]}; pairs are {@code (j, j + pairs)} in
 * the rotate-half layout and {@code (2j, 2j + 1)} in the interleaved one; dimensions past {@code 2 ·
 * pairs} are left as they are (partial rotary).
 */
final class Rotary {

    private final Rope.Layout layout;
    private final double[] invFreq;

    private Rotary(Rope.Layout layout, double[] invFreq) {
        this.layout = layout;
        this.invFreq = invFreq;
    }

    /** A model's per-head rotary: {@code invFreq[j] = theta^(-2j / dims)}, as Hugging Face computes it. */
    static Rotary of(Rope rope) {
        return new Rotary(rope.layout(), frequencies(rope.theta(), rope.dims() / 2, rope.dims()));
    }

    /**
     * The latent strategy's rotary of the {@code r3}-wide key latent: rotate-half pairs
     * {@code (j, j + r3/2)}, {@code invFreq[j] = theta^(-2j / r3)} (docs/checkpoint-format.md).
     */
    static Rotary latent(int r3, double theta) {
        return new Rotary(Rope.Layout.ROTATE_HALF, frequencies(theta, r3 / 2, r3));
    }

    private static double[] frequencies(double theta, int pairs, int span) {
        double[] f = new double[pairs];
        for (int j = 0; j < pairs; j++) {
            f[j] = Math.pow(theta, -2.0 * j / span);
        }
        return f;
    }

    /** {@code x} of shape {@code (..., T, w)} rotated as tokens at positions {@code start .. start + T - 1}. */
    NDArray apply(NDArray x, int start) {
        Shape shape = x.getShape();
        int dims = shape.dimension();
        int tokens = Math.toIntExact(shape.get(dims - 2));
        int width = Math.toIntExact(shape.get(dims - 1));
        int pairs = invFreq.length;
        NDArray[] angles = angles(x.getManager(), start, tokens);
        NDArray cos = angles[0];
        NDArray sin = angles[1];
        NDArray first;
        NDArray second;
        if (layout == Rope.Layout.INTERLEAVED) {
            long[] paired = Arrays.copyOf(shape.getShape(), dims + 1);
            paired[dims - 1] = pairs;
            paired[dims] = 2;
            NDArray p = x.get("..., :" + 2 * pairs).reshape(new Shape(paired));
            first = p.get("..., 0");
            second = p.get("..., 1");
        } else {
            first = x.get("..., :" + pairs);
            second = x.get("..., " + pairs + ":" + 2 * pairs);
        }
        NDArray rotatedFirst = first.mul(cos).sub(second.mul(sin));
        NDArray rotatedSecond = second.mul(cos).add(first.mul(sin));
        NDArray rotated = layout == Rope.Layout.INTERLEAVED
                ? rotatedFirst.stack(rotatedSecond, -1).reshape(x.getShape().slice(0, dims - 1).add(2L * pairs))
                : rotatedFirst.concat(rotatedSecond, -1);
        return 2 * pairs == width ? rotated : NDArrays.concat(new NDList(rotated, x.get("..., " + 2 * pairs + ":")), -1);
    }

    /** {@code cos} and {@code sin} of the angles, {@code (T, pairs)}, computed in double. */
    private NDArray[] angles(NDManager manager, int start, int tokens) {
        int pairs = invFreq.length;
        float[] cos = new float[tokens * pairs];
        float[] sin = new float[tokens * pairs];
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < pairs; j++) {
                double a = (double) (start + t) * invFreq[j];
                cos[t * pairs + j] = (float) Math.cos(a);
                sin[t * pairs + j] = (float) Math.sin(a);
            }
        }
        Shape s = new Shape(tokens, pairs);
        return new NDArray[] {manager.create(cos, s), manager.create(sin, s)};
    }
}
