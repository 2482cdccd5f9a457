package org.tuckerattention.converter.heal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.tuckerattention.validation.comparison.CausalComparison;
import org.tuckerattention.validation.comparison.CausalResult;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.text.TextChunks;

/**
 * Causal language models: the loss is {@code KL(original ‖ compressed)} of the next-token distributions,
 * averaged over every position of windows of {@code ctx} tokens drawn at random from the training tokens
 * (the first token of a window replaced by BOS, as validate's chunks are); held out, validate's mean KLD
 * and top-1 agreement on llama.cpp-style chunks.
 */
final class CausalDistillation implements Distillation {

    private final CausalModel original;
    private final CausalModel compressed;
    private final int[] train;
    private final TextChunks heldOut;
    private final int ctx;
    private final int batch;
    private final long seed;
    private final OptionalInt bos;

    CausalDistillation(CausalModel original, CausalModel compressed, int[] train, TextChunks heldOut, int ctx,
            int batch, long seed, OptionalInt bos) {
        this.original = original;
        this.compressed = compressed;
        this.train = train;
        this.heldOut = heldOut;
        this.ctx = ctx;
        this.batch = batch;
        this.seed = seed;
        this.bos = bos;
    }

    @Override
    public List<int[]> batch(int step) {
        SplittableRandom random = Distillation.random(seed, step);
        List<int[]> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            int start = random.nextInt(train.length - ctx + 1);
            int[] window = Arrays.copyOfRange(train, start, start + ctx);
            bos.ifPresent(id -> window[0] = id);
            out.add(window);
        }
        return out;
    }

    @Override
    public List<NDArray> targets(List<int[]> sequences, NDManager scope) {
        List<NDArray> out = new ArrayList<>(sequences.size());
        for (int[] s : sequences) {
            out.add(original.logits(s, scope).logSoftmax(-1));
        }
        return out;
    }

    @Override
    public NDArray loss(List<int[]> sequences, List<NDArray> targets, NDManager scope) {
        NDList losses = new NDList();
        for (int b = 0; b < sequences.size(); b++) {
            NDArray logP = targets.get(b);
            NDArray logQ = compressed.logits(sequences.get(b), scope).logSoftmax(-1);
            // KL(P‖Q) = Σ_v p_v (log p_v − log q_v), per position, then the mean over positions.
            losses.add(logP.exp().mul(logP.sub(logQ)).sum(new int[] {-1}).mean());
        }
        // The mean of a stack: dividing by a Number would not survive autograd (see the runtime's Scalar).
        return NDArrays.stack(losses).mean();
    }

    @Override
    public HeldOut evaluate(int step) {
        CausalResult r = CausalComparison.run(original, compressed, heldOut, (done, of) -> {});
        return new HeldOut(step, "mean_kld", r.kl().mean(), false, String.format(Locale.ROOT,
                "mean KLD %.4f, top-1 %.1f %% (%d held-out tokens)", r.kl().mean(), 100 * r.topOne().fraction(),
                r.kl().tokens()));
    }

    @Override
    public String lossName() {
        return "kl";
    }
}
