package org.tuckerattention.validation.runtime;

/**
 * Next-token logits of a step: {@code rows × vocab}, row-major, float32 as the runtime computed them.
 * Row {@code t} predicts the token after the step's {@code t}-th token.
 */
public record Logits(int rows, int vocab, float[] values) {

    public Logits {
        if ((long) rows * vocab != values.length) {
            throw new IllegalArgumentException(rows + " x " + vocab + " logits need " + (long) rows * vocab
                    + " values, got " + values.length);
        }
    }

    /** Logit of token {@code token} in row {@code row}. */
    public float get(int row, int token) {
        return values[row * vocab + token];
    }

    /** The highest-scoring token of {@code row} (the first on ties). */
    public int argMax(int row) {
        int best = 0;
        int base = row * vocab;
        for (int v = 1; v < vocab; v++) {
            if (values[base + v] > values[base + best]) {
                best = v;
            }
        }
        return best;
    }

    /** Log-probabilities of {@code row} in double, by a max-shifted log-sum-exp. */
    public double[] logSoftmax(int row) {
        int base = row * vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, values[base + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            sum += Math.exp(values[base + v] - max);
        }
        double logZ = max + Math.log(sum);
        double[] out = new double[vocab];
        for (int v = 0; v < vocab; v++) {
            out[v] = values[base + v] - logZ;
        }
        return out;
    }
}
