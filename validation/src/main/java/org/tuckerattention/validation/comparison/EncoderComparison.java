package org.tuckerattention.validation.comparison;

import java.util.List;
import org.tuckerattention.validation.metrics.EmbeddingCosine;
import org.tuckerattention.validation.metrics.HiddenStateError;
import org.tuckerattention.validation.runtime.EncoderModel;
import org.tuckerattention.validation.runtime.HiddenStates;

/** Both encoders over the same sentences: cosine of pooled embeddings and relative error of hidden states. */
public final class EncoderComparison {

    public static EncoderResult run(EncoderModel original, EncoderModel candidate, List<int[]> sentences) {
        double[] mean = new double[sentences.size()];
        double[] cls = new double[sentences.size()];
        HiddenStateError error = new HiddenStateError();
        long timeP = 0;
        long timeQ = 0;
        long tokens = 0;
        for (int s = 0; s < sentences.size(); s++) {
            long t0 = System.nanoTime();
            HiddenStates p = original.encode(sentences.get(s));
            long t1 = System.nanoTime();
            HiddenStates q = candidate.encode(sentences.get(s));
            timeP += t1 - t0;
            timeQ += System.nanoTime() - t1;
            mean[s] = EmbeddingCosine.of(p.meanPooled(), q.meanPooled());
            cls[s] = EmbeddingCosine.of(p.clsPooled(), q.clsPooled());
            error.add(p.values(), q.values());
            tokens += p.tokens();
        }
        return new EncoderResult(EmbeddingCosine.summary(mean), EmbeddingCosine.summary(cls), error.relative(), tokens,
                timeP / 1e9, timeQ / 1e9);
    }

    private EncoderComparison() {}
}
