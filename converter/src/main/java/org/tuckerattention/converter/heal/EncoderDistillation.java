package org.tuckerattention.converter.heal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tuckerattention.validation.comparison.EncoderComparison;
import org.tuckerattention.validation.comparison.EncoderResult;
import org.tuckerattention.validation.runtime.EncoderModel;

/**
 * Encoders: the loss is the mean-squared error of the last hidden states plus the squared distance of the
 * L2-normalised mean-pooled embeddings ({@code 2 − 2 cos}), for sentences drawn at random from the
 * training sentences; held out, validate's mean cosine of the pooled embeddings.
 */
final class EncoderDistillation implements Distillation {

    private final EncoderModel original;
    private final EncoderModel compressed;
    private final List<int[]> train;
    private final List<int[]> heldOut;
    private final int batch;
    private final long seed;

    EncoderDistillation(EncoderModel original, EncoderModel compressed, List<int[]> train, List<int[]> heldOut,
            int batch, long seed) {
        this.original = original;
        this.compressed = compressed;
        this.train = train;
        this.heldOut = heldOut;
        this.batch = batch;
        this.seed = seed;
    }

    @Override
    public List<int[]> batch(int step) {
        SplittableRandom random = Distillation.random(seed, step);
        List<int[]> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            out.add(train.get(random.nextInt(train.size())));
        }
        return out;
    }

    @Override
    public List<NDArray> targets(List<int[]> sentences, NDManager scope) {
        List<NDArray> out = new ArrayList<>(sentences.size());
        for (int[] s : sentences) {
            out.add(original.hidden(s, scope));
        }
        return out;
    }

    @Override
    public NDArray loss(List<int[]> sentences, List<NDArray> targets, NDManager scope) {
        NDList losses = new NDList();
        for (int b = 0; b < sentences.size(); b++) {
            NDArray p = targets.get(b);
            NDArray q = compressed.hidden(sentences.get(b), scope);
            NDArray states = q.sub(p).square().mean();
            NDArray pooled = pooled(q).sub(pooled(p)).square().sum();
            losses.add(states.add(pooled));
        }
        // The mean of a stack: dividing by a Number would not survive autograd (see the runtime's Scalar).
        return NDArrays.stack(losses).mean();
    }

    /** The mean over tokens, L2-normalised (sentence-transformers' pooling, as validate compares). */
    private static NDArray pooled(NDArray hidden) {
        NDArray mean = hidden.mean(new int[] {0});
        return mean.div(mean.square().sum().sqrt());
    }

    @Override
    public HeldOut evaluate(int step) {
        EncoderResult r = EncoderComparison.run(original, compressed, heldOut);
        return new HeldOut(step, "mean_cosine", r.meanPooled().mean(), true, String.format(Locale.ROOT,
                "mean cosine %.4f (min %.4f, %d held-out sentences)", r.meanPooled().mean(), r.meanPooled().min(),
                r.meanPooled().sentences()));
    }

    @Override
    public String lossName() {
        return "mse";
    }
}
