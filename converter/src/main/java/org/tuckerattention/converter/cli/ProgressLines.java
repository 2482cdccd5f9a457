package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import org.tuckerattention.converter.compress.CompressProgress;

/**
 * Progress of {@code tucker compress}: on a terminal one line redrawn with a bar (carriage return),
 * otherwise one plain line per step, so logs stay readable.
 */
final class ProgressLines implements CompressProgress {

    private static final int BAR = 24;

    private final PrintWriter out;
    private final boolean terminal;

    ProgressLines(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void tensor(int done, int total, int layer, String tensor, double elapsedSeconds) {
        String eta = done == 0 ? "?" : seconds(elapsedSeconds / done * (total - done));
        String text = "layer %d/%d (model layer %d) %-12s elapsed %s  ETA %s".formatted(
                done + 1, total, layer, tensor, seconds(elapsedSeconds), eta);
        if (terminal) {
            int filled = total == 0 ? BAR : done * BAR / total;
            out.print("\r[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + text + "  ");
        } else {
            out.println(text);
        }
        out.flush();
    }

    @Override
    public void calibrating(java.nio.file.Path text) {
        out.println("running the original model on calibration text " + text.getFileName());
        out.flush();
    }

    @Override
    public void writing(double elapsedSeconds) {
        String text = "writing the checkpoint, elapsed " + seconds(elapsedSeconds);
        if (terminal) {
            out.print("\r[" + "#".repeat(BAR) + "] " + text + " ".repeat(30) + "\n");
        } else {
            out.println(text);
        }
        out.flush();
    }

    private static String seconds(double s) {
        return s < 100 ? "%.1f s".formatted(s) : "%d min %02d s".formatted((long) s / 60, (long) s % 60);
    }
}
