package org.tuckerattention.converter.ranks;

import java.awt.Color;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * The page form of a {@link RankReport} ({@code ranks.html}): one self-contained HTML file, no external
 * resources and no script, with a summary table and PNG plots embedded as data URIs — normalised
 * singular values per mode and layer (as the head-mode spectrum plots of the Tucker Attention paper),
 * cumulative energy per mode, and HOSVD error against parameters of the candidate triples (DESIGN §4).
 * The plots are drawn by {@link RankCharts}, headless.
 */
public final class RankReportHtml {

    private static final List<Side> SIDES = List.of(
            new Side("pre-softmax", LayerRanks::pre), new Side("post-softmax", LayerRanks::post));

    private RankReportHtml() {}

    /** The page, ending in a newline. */
    public static String write(RankReport r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.append("<title>Effective ranks · ").append(escape(r.source())).append("</title>\n");
        b.append("<style>\n").append(RankReportStyle.CSS).append("</style>\n</head>\n<body>\n");
        header(b, r);
        b.append("<section>\n<h2>Summary</h2>\n");
        RankReportSummaryTable.append(b, r);
        b.append("</section>\n");
        if (!r.layers().isEmpty()) {
            plots(b, r);
        }
        b.append("<footer>Every number on this page, with full spectra, is in <code>ranks.json</code>.</footer>\n");
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, RankReport r) {
        b.append("<header>\n<h1>Effective ranks of the original attention</h1>\n");
        b.append("<p class=\"source\"><code>").append(escape(r.source())).append("</code></p>\n<dl>\n");
        fact(b, "model", escape(r.modelType()));
        fact(b, "mechanism", escape(r.mechanism()));
        fact(b, "layers", Integer.toString(r.layers().size()));
        fact(b, "pre-softmax", "<code>" + escape(RankLabels.PRE_SOFTMAX) + "</code> per head"
                + (r.ropeAtZeroOffset() ? ", " + escape(RankLabels.ROPE_NOTE) : ""));
        fact(b, "post-softmax", "<code>" + escape(RankLabels.POST_SOFTMAX) + "</code> per head");
        fact(b, "modes", "head, query | output, key | value of each (n<sub>H</sub>, d, d) tensor");
        fact(b, "rank threshold", "σ &gt; " + RankLabels.relative(r.threshold()) + " σ<sub>max</sub>");
        fact(b, "tolerance", "HOSVD relative error ≤ " + RankLabels.tolerances(r));
        fact(b, "analysed in", String.format(Locale.ROOT, "%.2f s", r.seconds()));
        b.append("</dl>\n</header>\n");
    }

    private static void fact(StringBuilder b, String term, String html) {
        b.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private static void plots(StringBuilder b, RankReport r) {
        String key = colourKey(r);
        b.append("<section>\n<h2>Singular values per mode</h2>\n<p>").append(key).append("</p>\n");
        for (Side side : SIDES) {
            b.append("<div class=\"grid\">\n");
            TensorRanks first = side.tensor().apply(r.layers().get(0));
            for (int n = 0; n < first.modes().size(); n++) {
                figure(b, RankCharts.spectrum(r, side.tensor(), n), ("σ<sub>k</sub> / σ<sub>max</sub> of the %s "
                        + "mode (%d values) of the %s tensor, one line per layer, log scale. Values below %s "
                        + "(exact zeros included) are drawn at %s: Gram spectra resolve σ only down to about "
                        + "%s σ<sub>max</sub>. A line crosses the threshold guide at its numerical rank%s.")
                        .formatted(first.modes().get(n), first.dims()[n], side.name(),
                                RankLabels.relative(RankCharts.FLOOR), RankLabels.relative(RankCharts.FLOOR),
                                RankLabels.relative(Spectrum.RESOLUTION), structuralNote(first, n)));
            }
            b.append("</div>\n");
        }
        b.append("</section>\n<section>\n<h2>Cumulative energy per mode</h2>\n<p>").append(key).append("</p>\n");
        for (Side side : SIDES) {
            b.append("<div class=\"grid\">\n");
            TensorRanks first = side.tensor().apply(r.layers().get(0));
            for (int n = 0; n < first.modes().size(); n++) {
                int dim = first.dims()[n];
                figure(b, RankCharts.energy(r, side.tensor(), n), ("Fraction of the energy Σσ² held by the "
                        + "leading k singular values of the %s mode of the %s tensor, one line per layer%s; the "
                        + "axis starts at 50 %% unless every curve starts higher. Where a curve crosses the "
                        + "90, 95 and 99 %% guides is that layer's energy rank%s.").formatted(
                                first.modes().get(n), side.name(), RankCharts.logK(dim) ? ", log k" : "",
                                structuralNote(first, n)));
            }
            b.append("</div>\n");
        }
        b.append("</section>\n<section>\n<h2>HOSVD error of candidate triples</h2>\n<p>").append(key)
                .append("</p>\n<div class=\"grid\">\n");
        for (Side side : SIDES) {
            TensorRanks first = side.tensor().apply(r.layers().get(0));
            if (RankCharts.hasCandidates(r, side.tensor())) {
                figure(b, RankCharts.candidates(r, side.tensor()), ("Relative HOSVD error ‖W − W<sub>r</sub>‖ "
                        + "/ ‖W‖ of the %s tensor at each candidate triple (r1, r2, r3) against its Tucker "
                        + "parameters r1 r2 r3 + Σ I<sub>n</sub> r<sub>n</sub>, one line per layer, log scale; "
                        + "errors below %s (exact zeros included) are drawn at %s. Dashed: the tolerance %s.")
                        .formatted(side.name(), RankLabels.relative(RankCharts.FLOOR),
                                RankLabels.relative(RankCharts.FLOOR), RankLabels.relative(first.tolerance())));
            } else {
                b.append("<p>No candidate triples were evaluated for the ").append(side.name())
                        .append(" tensor.</p>\n");
            }
        }
        b.append("</div>\n</section>\n");
    }

    private static String structuralNote(TensorRanks t, int n) {
        return t.structural()[n] < t.dims()[n]
                ? "; the vertical guide marks the structural rank " + t.structural()[n]
                        + ", past which the mechanism allows no singular value"
                : "";
    }

    private static void figure(StringBuilder b, XYChart chart, String caption) {
        b.append("<figure><img src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(RankCharts.png(chart)))
                .append("\" width=\"").append(RankCharts.WIDTH).append("\" height=\"").append(RankCharts.HEIGHT)
                .append("\" alt=\"").append(escape(chart.getTitle())).append("\">\n<figcaption>").append(caption)
                .append("</figcaption></figure>\n");
    }

    /** A CSS gradient bar from the first layer's colour to the last's, as the plots colour them. */
    private static String colourKey(RankReport r) {
        int count = r.layers().size();
        StringBuilder stops = new StringBuilder();
        for (Color c : LayerColours.RAMP) {
            stops.append(stops.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(),
                    c.getGreen(), c.getBlue()));
        }
        return "Colour by layer: layer " + r.layers().get(0).layer() + " <span class=\"ramp\" style=\"background: "
                + "linear-gradient(to right, " + stops + ")\"></span> layer " + r.layers().get(count - 1).layer()
                + (count > RankCharts.MAX_LEGEND_LAYERS ? " (too many layers for a legend in each plot)." : ".");
    }

    /** Escapes text for HTML content and attribute values. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** One of the two tensors, named, with how to get it from a layer. */
    private record Side(String name, Function<LayerRanks, TensorRanks> tensor) {}
}
