package org.tuckerattention.converter.heal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;

/** What is distilled and how it is judged: training batches, the loss of a batch, the held-out evaluation. */
interface Distillation {

    /** The sequences of step {@code step}: a pure function of the seed and the step, so resuming repeats them. */
    List<int[]> batch(int step);

    /** The original model's targets for {@code batch}, computed without gradients, in {@code scope}. */
    List<NDArray> targets(List<int[]> batch, NDManager scope);

    /** The loss of the compressed model on {@code batch} against {@code targets}: a scalar autograd can follow. */
    NDArray loss(List<int[]> batch, List<NDArray> targets, NDManager scope);

    /** Both models on the held-out text with the validate metrics; the compressed model as it is now. */
    HeldOut evaluate(int step);

    /** {@code "kl"} or {@code "mse"}, for the healing record. */
    String lossName();

    /** The random draws of step {@code step}: its own stream, so no generator state needs saving to resume. */
    static SplittableRandom random(long seed, int step) {
        return new SplittableRandom(seed * 1_000_003L + step);
    }
}
