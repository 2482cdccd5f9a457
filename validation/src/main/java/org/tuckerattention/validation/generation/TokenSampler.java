package org.tuckerattention.validation.generation;

import java.util.Random;
import org.tuckerattention.validation.runtime.Logits;

/** Picks the next token: the most likely at temperature 0, else a draw from {@code softmax(logits / T)}. */
public final class TokenSampler {

    private final double temperature;
    private final Random random;

    public TokenSampler(double temperature, long seed) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and at least 0, got " + temperature);
        }
        this.temperature = temperature;
        this.random = new Random(seed);
    }

    /** The next token from row {@code row} of {@code logits}. */
    public int next(Logits logits, int row) {
        if (temperature == 0) {
            return logits.argMax(row);
        }
        int vocab = logits.vocab();
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits.get(row, v));
        }
        double[] weights = new double[vocab];
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            weights[v] = Math.exp((logits.get(row, v) - max) / temperature);
            sum += weights[v];
        }
        double u = random.nextDouble() * sum;
        for (int v = 0; v < vocab; v++) {
            u -= weights[v];
            if (u < 0) {
                return v;
            }
        }
        return vocab - 1;
    }
}
