package org.tuckerattention.validation.comparison;

import org.tuckerattention.validation.metrics.DeltaP;
import org.tuckerattention.validation.metrics.KlDivergence;
import org.tuckerattention.validation.metrics.Perplexity;
import org.tuckerattention.validation.metrics.TopOneAgreement;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.DecodingSession;
import org.tuckerattention.validation.runtime.Logits;
import org.tuckerattention.validation.text.TextChunks;

/** Both causal models over the same chunks; every scored token contributes to every metric. */
public final class CausalComparison {

    /** Called after each chunk with the number done, e.g. to print progress. */
    public interface Progress {
        void chunkDone(int done, int of);
    }

    public static CausalResult run(CausalModel original, CausalModel candidate, TextChunks chunks, Progress progress) {
        int n = Math.toIntExact(chunks.scoredTokens());
        double[] nllP = new double[n];
        double[] nllQ = new double[n];
        double[] kl = new double[n];
        boolean[] same = new boolean[n];
        double[] dp = new double[n];
        long timeP = 0;
        long timeQ = 0;
        int k = 0;
        for (int c = 0; c < chunks.chunks().size(); c++) {
            int[] chunk = chunks.chunks().get(c);
            long t0 = System.nanoTime();
            Logits p = logits(original, chunk);
            long t1 = System.nanoTime();
            Logits q = logits(candidate, chunk);
            timeP += t1 - t0;
            timeQ += System.nanoTime() - t1;
            for (int t = chunks.firstScored(); t < chunk.length - 1; t++, k++) {
                double[] lp = p.logSoftmax(t);
                double[] lq = q.logSoftmax(t);
                int next = chunk[t + 1];
                nllP[k] = Perplexity.nll(lp, next);
                nllQ[k] = Perplexity.nll(lq, next);
                kl[k] = KlDivergence.of(lp, lq);
                same[k] = p.argMax(t) == q.argMax(t);
                dp[k] = Math.exp(lq[next]) - Math.exp(lp[next]);
            }
            progress.chunkDone(c + 1, chunks.chunks().size());
        }
        return new CausalResult(Perplexity.of(nllP), Perplexity.of(nllQ), KlDivergence.summary(kl),
                TopOneAgreement.of(same), DeltaP.of(dp), (long) chunks.chunks().size() * chunks.ctx(), timeP / 1e9, timeQ / 1e9);
    }

    private static Logits logits(CausalModel model, int[] chunk) {
        try (DecodingSession s = model.newSession()) {
            return s.prefill(chunk);
        }
    }

    private CausalComparison() {}
}
