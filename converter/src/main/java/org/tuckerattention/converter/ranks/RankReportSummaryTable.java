package org.tuckerattention.converter.ranks;

import java.util.List;
import java.util.Locale;

/**
 * The summary table of {@code ranks.html}: two rows per layer (pre- and post-softmax), each figure a
 * triple over the modes (head, query|output, key|value), structural ranks the mechanism caps below
 * their dimension highlighted (DESIGN §4).
 */
final class RankReportSummaryTable {

    private RankReportSummaryTable() {}

    static void append(StringBuilder b, RankReport r) {
        b.append("<p>Triples over the modes (head, query | output, key | value). <span class=\"capped\">"
                + "Highlighted</span>: a structural rank below its mode's dimension, a cap the mechanism sets (e.g. "
                + "shared key-value heads). <b>rank</b>: singular values above ")
                .append(RankLabels.relative(r.threshold())).append(" σ<sub>max</sub>; <b>N %</b>: fewest singular "
                        + "values holding N % of the energy Σσ²; <b>stable</b>: Σσ² / σ<sub>max</sub>²; "
                        + "<b>smallest</b>: the smallest candidate triple with HOSVD relative error ≤ ")
                .append(RankLabels.tolerances(r)).append(", its error and its Tucker parameters.</p>\n");
        b.append("<div class=\"table-wrap\"><table>\n<thead><tr><th>layer</th><th class=\"name\">tensor</th>"
                + "<th>dims</th><th>structural</th><th>rank</th>");
        for (double e : r.energies()) {
            b.append("<th>").append(RankLabels.percent(e)).append("</th>");
        }
        b.append("<th>stable</th><th>smallest</th><th>error</th><th>parameters</th></tr></thead>\n<tbody>\n");
        for (LayerRanks l : r.layers()) {
            row(b, r, l, l.pre(), true);
            row(b, r, l, l.post(), false);
        }
        b.append("</tbody></table></div>\n");
    }

    private static void row(StringBuilder b, RankReport r, LayerRanks l, TensorRanks t, boolean first) {
        List<ModeFigures> modes = ModeFigures.of(t, r.threshold(), r.energies());
        b.append(first ? "<tr class=\"layer-start\"><td rowspan=\"2\">" + l.layer() + "</td>" : "<tr>");
        b.append("<td class=\"name\">").append(RankReportHtml.escape(t.tensor())).append("</td>");
        cell(b, modes.stream().mapToInt(ModeFigures::dim).toArray(), null);
        cell(b, modes.stream().mapToInt(ModeFigures::structural).toArray(), modes);
        cell(b, modes.stream().mapToInt(ModeFigures::numericalRank).toArray(), null);
        for (int e = 0; e < r.energies().length; e++) {
            int index = e;
            cell(b, modes.stream().mapToInt(m -> m.energyRanks()[index]).toArray(), null);
        }
        b.append("<td>").append(String.join(" · ", modes.stream()
                .map(m -> RankLabels.stable(m.stableRank())).toList())).append("</td>");
        int[] smallest = t.smallestForTolerance();
        if (smallest == null) {
            b.append("<td class=\"muted\">none</td><td></td><td></td>");
        } else {
            cell(b, smallest, null);
            b.append("<td>").append(RankLabels.relative(t.errorAtSmallest())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", StructuralRanks.tuckerParameters(t.dims(), smallest)))
                    .append("</td>");
        }
        b.append("</tr>\n");
    }

    /** A triple "8 · 64 · 32", modes capped by the mechanism highlighted when {@code capped} is given. */
    private static void cell(StringBuilder b, int[] values, List<ModeFigures> capped) {
        b.append("<td>");
        for (int n = 0; n < values.length; n++) {
            b.append(n == 0 ? "" : " · ");
            boolean mark = capped != null && capped.get(n).capped();
            b.append(mark ? "<span class=\"capped\" title=\"capped below its dimension " + capped.get(n).dim()
                    + "\">" + values[n] + "</span>" : values[n]);
        }
        b.append("</td>");
    }
}
