package org.tuckerattention.converter.heal;

/** What {@code tucker heal} reports while it runs. */
public interface HealProgress {

    /** After optimizer step {@code step} (1-based) of {@code steps}. */
    void step(int step, int steps, double loss, double lr, double tokensPerSecond, double etaSeconds);

    /** After a held-out evaluation at step {@code step} (0: before training); {@code best} when it is the best yet. */
    void evaluated(int step, String summary, boolean best);

    /** A saved state was found and training continues after step {@code step}. */
    void resumed(int step);

    /** Reports nothing. */
    static HealProgress silent() {
        return new HealProgress() {
            @Override
            public void step(int step, int steps, double loss, double lr, double tokensPerSecond, double etaSeconds) {}

            @Override
            public void evaluated(int step, String summary, boolean best) {}

            @Override
            public void resumed(int step) {}
        };
    }
}
