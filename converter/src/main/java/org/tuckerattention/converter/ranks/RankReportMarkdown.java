package org.tuckerattention.converter.ranks;

import java.util.List;
import java.util.Locale;

/**
 * The Markdown form of a {@link RankReport} ({@code ranks.md}), for a README or an issue: what was
 * analysed, a summary table with one row per layer, then a table per layer with one row per tensor and
 * mode (DESIGN §4). Structural ranks below their mode's dimension are bold.
 */
public final class RankReportMarkdown {

    private RankReportMarkdown() {}

    /** The report as GitHub-flavoured Markdown, ending in a newline. */
    public static String write(RankReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# Effective ranks of `").append(code(r.source())).append("`\n\n");
        b.append("Model `%s`, %s, %d layers, analysed in %.2f s.\n\n".formatted(
                code(r.modelType()), text(r.mechanism()), r.layers().size(), r.seconds()));
        b.append("- **pre-softmax** tensor, per head `").append(RankLabels.PRE_SOFTMAX).append('`');
        b.append(r.ropeAtZeroOffset() ? ", " + RankLabels.ROPE_NOTE + "\n" : "\n");
        b.append("- **post-softmax** tensor, per head `").append(RankLabels.POST_SOFTMAX).append("`\n");
        b.append("- modes `[head, query|output, key|value]` of each (n_H, d, d) tensor\n\n");
        b.append(("**dim** mode size · **structural** the largest rank the mechanism reaches by construction "
                + "(**bold**: below dim, the mechanism caps this mode) · **rank** singular values above %s × "
                + "σ_max · **N %%** fewest singular values holding N %% of the energy Σσ² · **stable** "
                + "Σσ² / σ_max² · **smallest** the smallest candidate triple with HOSVD relative error ≤ %s. "
                + "Spectra come from Gram matrices and do not resolve σ below %s × σ_max.\n\n").formatted(
                        RankLabels.relative(r.threshold()), RankLabels.tolerances(r),
                        RankLabels.relative(Spectrum.RESOLUTION)));
        summary(b, r);
        for (LayerRanks l : r.layers()) {
            b.append("\n## Layer ").append(l.layer()).append("\n\n");
            StringBuilder head = new StringBuilder("| tensor | mode | dim | structural | rank |");
            StringBuilder rule = new StringBuilder("|---|---|--:|--:|--:|");
            for (double e : r.energies()) {
                head.append(' ').append(RankLabels.percent(e)).append(" |");
                rule.append("--:|");
            }
            b.append(head).append(" stable | smallest (error) |\n").append(rule).append("--:|---|\n");
            tensor(b, r, l.pre());
            tensor(b, r, l.post());
        }
        return b.toString();
    }

    private static void summary(StringBuilder b, RankReport r) {
        int e = RankLabels.summaryEnergy(r.energies());
        String energy = e < 0 ? "" : " " + RankLabels.percent(r.energies()[e]) + " |";
        b.append("## Summary\n\n| layer |");
        for (String t : List.of("pre", "post")) {
            b.append(" %s structural | %s rank |%s %s smallest (error) |".formatted(
                    t, t, energy.isEmpty() ? "" : " " + t + energy, t));
        }
        b.append('\n').append("|--:|").append(("---|---|" + (e < 0 ? "" : "---|") + "---|").repeat(2));
        b.append('\n');
        for (LayerRanks l : r.layers()) {
            b.append("| ").append(l.layer()).append(" |");
            for (TensorRanks t : List.of(l.pre(), l.post())) {
                List<ModeFigures> modes = ModeFigures.of(t, r.threshold(), r.energies());
                int[] numerical = modes.stream().mapToInt(ModeFigures::numericalRank).toArray();
                b.append(' ').append(structural(modes)).append(" | ").append(RankLabels.triple(numerical));
                if (e >= 0) {
                    int[] energyRanks = modes.stream().mapToInt(m -> m.energyRanks()[e]).toArray();
                    b.append(" | ").append(RankLabels.triple(energyRanks));
                }
                b.append(" | ").append(smallest(t)).append(" |");
            }
            b.append('\n');
        }
    }

    private static void tensor(StringBuilder b, RankReport r, TensorRanks t) {
        List<ModeFigures> modes = ModeFigures.of(t, r.threshold(), r.energies());
        for (int n = 0; n < modes.size(); n++) {
            ModeFigures m = modes.get(n);
            b.append("| ").append(n == 0 ? t.tensor() : "").append(" | ").append(m.mode());
            b.append(" | ").append(m.dim()).append(" | ").append(m.capped() ? "**" + m.structural() + "**"
                    : Integer.toString(m.structural()));
            b.append(" | ").append(m.numericalRank()).append(" |");
            for (int rank : m.energyRanks()) {
                b.append(' ').append(rank).append(" |");
            }
            b.append(' ').append(RankLabels.stable(m.stableRank())).append(" | ");
            b.append(n == 0 ? smallest(t) : "").append(" |\n");
        }
    }

    /** The structural triple with capped modes bold, e.g. [8,64,**32**]. */
    private static String structural(List<ModeFigures> modes) {
        StringBuilder s = new StringBuilder("[");
        for (int n = 0; n < modes.size(); n++) {
            ModeFigures m = modes.get(n);
            s.append(n == 0 ? "" : ",").append(m.capped() ? "**" + m.structural() + "**" : m.structural());
        }
        return s.append(']').toString();
    }

    private static String smallest(TensorRanks t) {
        return String.format(Locale.ROOT, "%s (%s)", RankLabels.triple(t.smallestForTolerance()),
                RankLabels.relative(t.errorAtSmallest()));
    }

    /** Inline code cannot hold a backtick; a path rarely has one. */
    private static String code(String s) {
        return s.replace('`', '\'');
    }

    /** Keeps table pipes and emphasis marks in free text from breaking the Markdown. */
    private static String text(String s) {
        return s.replaceAll("([|*_`\\\\])", "\\\\$1");
    }
}
