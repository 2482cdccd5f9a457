package org.tuckerattention.converter.ranks;

import java.util.List;
import java.util.Locale;

/**
 * The terminal form of a {@link RankReport}: a header saying what was analysed and what the numbers
 * are, then one row per layer, tensor and mode, every line at most {@value #WIDTH} columns (DESIGN §4).
 * A mode the mechanism caps below its dimension carries a {@code *} after its structural rank, so a
 * reader sees at once that e.g. a GQA key mode's rank 32 of 64 is structural, not learned.
 */
public final class RankReportText {

    /** The widest line the table writes. */
    public static final int WIDTH = 100;

    private static final int INDENT = 11;

    private RankReportText() {}

    /** The header, the legend and the table, lines separated by {@code \n}. */
    public static String table(RankReport r) {
        StringBuilder b = new StringBuilder();
        b.append("Effective ranks of the original attention, per layer, tensor and mode\n");
        field(b, "source", r.source());
        field(b, "model", "%s; %s; %d layers; analysed in %.2f s".formatted(
                r.modelType(), r.mechanism(), r.layers().size(), r.seconds()));
        field(b, "tensors", "pre = pre-softmax " + RankLabels.PRE_SOFTMAX
                + (r.ropeAtZeroOffset() ? ", " + RankLabels.ROPE_NOTE : ""));
        field(b, "", "post = post-softmax " + RankLabels.POST_SOFTMAX);
        field(b, "modes", "head, query|output, key|value: the three modes of each (n_H, d, d) tensor");
        field(b, "numbers", ("dim: mode size; struct: the largest rank the mechanism reaches by construction; "
                + "rank: singular values above %s x the largest; N %%: fewest singular values holding N %% "
                + "of the energy sum(s^2); stable: sum(s^2) / max(s)^2; smallest: the smallest candidate "
                + "triple whose HOSVD relative error is at most %s, and that error. Spectra come from Gram "
                + "matrices and do not resolve values below %s x the largest.").formatted(
                        RankLabels.relative(r.threshold()), RankLabels.tolerances(r),
                        RankLabels.relative(Spectrum.RESOLUTION)));
        field(b, "legend", "* after struct: the mechanism caps this mode below its dimension");
        b.append('\n');
        row(b, header(r));
        for (LayerRanks layer : r.layers()) {
            b.append('\n');
            tensor(b, r, Integer.toString(layer.layer()), layer.pre());
            tensor(b, r, "", layer.post());
        }
        return b.toString();
    }

    private static String[] header(RankReport r) {
        String[] h = new String[8 + r.energies().length];
        String[] fixed = {"layer", "tensor", "mode", "dim", "struct", "rank"};
        System.arraycopy(fixed, 0, h, 0, fixed.length);
        for (int e = 0; e < r.energies().length; e++) {
            h[fixed.length + e] = RankLabels.percent(r.energies()[e]).replace(" ", "");
        }
        h[h.length - 2] = "stable";
        h[h.length - 1] = "smallest (error)";
        return h;
    }

    private static void tensor(StringBuilder b, RankReport r, String layer, TensorRanks t) {
        List<ModeFigures> modes = ModeFigures.of(t, r.threshold(), r.energies());
        for (int n = 0; n < modes.size(); n++) {
            ModeFigures m = modes.get(n);
            String[] cells = new String[8 + m.energyRanks().length];
            cells[0] = n == 0 ? layer : "";
            cells[1] = n == 0 ? RankLabels.shortTensor(t.tensor()) : "";
            cells[2] = m.mode();
            cells[3] = Integer.toString(m.dim());
            // The marker stands in the digits' right margin so unmarked numbers stay aligned.
            cells[4] = m.structural() + (m.capped() ? "*" : " ");
            cells[5] = Integer.toString(m.numericalRank());
            for (int e = 0; e < m.energyRanks().length; e++) {
                cells[6 + e] = Integer.toString(m.energyRanks()[e]);
            }
            cells[cells.length - 2] = RankLabels.stable(m.stableRank());
            cells[cells.length - 1] = n == 0
                    ? RankLabels.triple(t.smallestForTolerance()) + " " + RankLabels.relative(t.errorAtSmallest())
                    : "";
            row(b, cells);
        }
    }

    /** Fixed columns, then the free last one; it moves to its own line when the row would be too wide. */
    private static void row(StringBuilder b, String[] cells) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5s %-6s %-6s", cells[0], cells[1],
                cells[2]));
        line.append(String.format(Locale.ROOT, "%6s%8s%6s", cells[3], cells[4], cells[5]));
        for (int c = 6; c < cells.length - 2; c++) {
            line.append(String.format(Locale.ROOT, "%7s", cells[c]));
        }
        line.append(String.format(Locale.ROOT, "%8s", cells[cells.length - 2]));
        String last = cells[cells.length - 1];
        if (last.isEmpty()) {
            b.append(line.toString().stripTrailing()).append('\n');
        } else if (line.length() + 2 + last.length() <= WIDTH) {
            b.append(line).append("  ").append(last).append('\n');
        } else {
            b.append(line.toString().stripTrailing()).append('\n');
            b.append(" ".repeat(Math.max(0, WIDTH - last.length()))).append(last).append('\n');
        }
    }

    /** A labelled header field, word-wrapped under a hanging indent. */
    private static void field(StringBuilder b, String label, String text) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + INDENT + "s", label));
        for (String word : text.split(" ")) {
            if (word.length() > WIDTH - INDENT) {
                // Cut an over-long word (a deep path, say) on the left, where it says least.
                word = "..." + word.substring(word.length() - (WIDTH - INDENT - 3));
            }
            boolean first = line.length() == INDENT;
            if (!first && line.length() + 1 + word.length() > WIDTH) {
                b.append(line).append('\n');
                line = new StringBuilder(" ".repeat(INDENT));
                first = true;
            }
            line.append(first ? "" : " ").append(word);
        }
        b.append(line).append('\n');
    }
}
