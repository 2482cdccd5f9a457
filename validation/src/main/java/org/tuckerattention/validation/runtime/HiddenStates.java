package org.tuckerattention.validation.runtime;

/** An encoder's last hidden states of one sequence: {@code tokens × d}, row-major, float32. */
public record HiddenStates(int tokens, int d, float[] values) {

    /** The mean over tokens, L2-normalised (sentence-transformers' mean pooling). */
    public double[] meanPooled() {
        double[] out = new double[d];
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < d; j++) {
                out[j] += values[t * d + j];
            }
        }
        return normalised(out);
    }

    /** The first token's state ({@code [CLS]}), L2-normalised. */
    public double[] clsPooled() {
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            out[j] = values[j];
        }
        return normalised(out);
    }

    private static double[] normalised(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < v.length; j++) {
            v[j] /= norm;
        }
        return v;
    }
}
