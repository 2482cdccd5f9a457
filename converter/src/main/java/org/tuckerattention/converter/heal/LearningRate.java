package org.tuckerattention.converter.heal;

/**
 * Linear warmup from {@code peak / warmup} to {@code peak} over the first {@code warmup} steps, then a
 * cosine decay to {@code peak / 10} at the last step. A pure function of the step, so a resumed run
 * continues on the same curve.
 */
record LearningRate(double peak, int warmup, int steps) {

    /** The rate of step {@code step} (0-based). */
    double at(int step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        int decaySteps = Math.max(1, steps - warmup);
        double progress = Math.min(1.0, (double) (step - warmup) / decaySteps);
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
