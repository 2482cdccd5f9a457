package org.tuckerattention.converter.bench;

import java.util.Random;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.DecodingSession;
import org.tuckerattention.validation.runtime.Logits;

/**
 * Times the runtime on a causal model: a prefill of {@code ctx - tokens} seeded random token ids in one
 * step, then {@code tokens} greedy decoding steps through the KV cache, ending at context {@code ctx}.
 */
public final class GenerateBenchmark {

    /** One run: seconds of the prefill and of the decoding steps. */
    public record Result(int prefillTokens, int decodeTokens, double prefillSeconds, double decodeSeconds) {

        public double prefillTokensPerSecond() {
            return prefillTokens / prefillSeconds;
        }

        public double decodeTokensPerSecond() {
            return decodeTokens / decodeSeconds;
        }
    }

    public static Result run(CausalModel model, int ctx, int tokens, long seed) {
        if (tokens < 1 || tokens >= ctx || ctx > model.maxPositions()) {
            throw new IllegalArgumentException("need 1 <= tokens < ctx <= " + model.maxPositions() + ", got tokens "
                    + tokens + ", ctx " + ctx);
        }
        int[] prompt = new Random(seed).ints(ctx - tokens, 0, model.vocabSize()).toArray();
        try (DecodingSession session = model.newSession()) {
            long t0 = System.nanoTime();
            Logits logits = session.append(prompt);
            long t1 = System.nanoTime();
            for (int i = 0; i < tokens; i++) {
                logits = session.next(logits.argMax(0));
            }
            long t2 = System.nanoTime();
            return new Result(prompt.length, tokens, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }

    private GenerateBenchmark() {}
}
