package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.tuckerattention.converter.heal.HealProgress;

/**
 * Progress of {@code tucker heal}: on a terminal the step line is redrawn in place; otherwise one line every
 * tenth of the run, so logs stay short. Evaluations always get a line of their own.
 */
final class HealProgressLines implements HealProgress {

    private final PrintWriter out;
    private final boolean terminal;

    HealProgressLines(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void step(int step, int steps, double loss, double lr, double tokensPerSecond, double etaSeconds) {
        String text = String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  %.0f tokens/s  ETA %s", step, steps,
                loss, lr, tokensPerSecond, seconds(etaSeconds));
        if (terminal) {
            out.print("\r" + text + "   ");
            if (step == steps) {
                out.println();
            }
        } else if (step == steps || step % Math.max(1, steps / 10) == 0) {
            out.println(text);
        }
        out.flush();
    }

    @Override
    public void evaluated(int step, String summary, boolean best) {
        out.println((terminal ? "\r" : "") + "held out at step " + step + ": " + summary + (best ? "  (best)" : ""));
        out.flush();
    }

    @Override
    public void resumed(int step) {
        out.println("resuming after step " + step);
        out.flush();
    }

    private static String seconds(double s) {
        return s < 100 ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%d min %02d s", (long) s / 60,
                (long) s % 60);
    }
}
