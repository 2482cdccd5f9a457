package org.tuckerattention.converter.ranks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of {@code ranks.html}, drawn with XChart: normalised spectra and cumulative energy of one mode,
 * and HOSVD error against parameters of the candidate triples, one series per layer coloured from the
 * first layer to the last (DESIGN §4). Rendering is headless: no display is needed or used.
 */
final class RankCharts {

    static final int WIDTH = 520;
    static final int HEIGHT = 340;

    /** Log-scale plots draw smaller values (and exact zeros) here. */
    static final double FLOOR = 1e-8;

    /** Energy curves of modes at least this wide are drawn over a log k axis. */
    static final int LOG_K_FROM = 256;

    /** The energy axis starts here unless every curve starts higher. */
    private static final double ENERGY_FLOOR = 0.5;

    /** Above this many layers a legend would cover the plot; the page shows a colour key instead. */
    static final int MAX_LEGEND_LAYERS = 8;

    static {
        // Set before XChart touches AWT: ranks are rendered on servers and in CI without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private RankCharts() {}

    /** σ_k / σ_max of mode {@code n} of the chosen tensor, one line per layer, log y. */
    static XYChart spectrum(RankReport r, Function<LayerRanks, TensorRanks> tensor, int n) {
        TensorRanks first = tensor.apply(r.layers().get(0));
        XYChart c = chart(r, title(first, n), "k", "σ_k / σ_max");
        double low = 1;
        for (LayerRanks l : r.layers()) {
            double[] y = tensor.apply(l).spectra().get(n).normalized();
            for (int k = 0; k < y.length; k++) {
                y[k] = Math.max(FLOOR, y[k]);
                low = Math.min(low, y[k]);
            }
            series(c, r, l, indices(y.length), y);
        }
        logY(c, low, 1);
        int dim = first.dims()[n];
        axisK(c, dim, false);
        guideY(c, r.threshold(), r.threshold() * 3, kAt(0.85, dim, false),
                "threshold " + RankLabels.relative(r.threshold()));
        structural(c, first, n, Math.pow(10, Math.floor(Math.log10(low))) * 3, false);
        c.getStyler().setLegendPosition(LegendPosition.InsideSW);
        return c;
    }

    /** Fraction of Σσ² in the leading k values of mode {@code n}, one line per layer, guides at 90/95/99 %. */
    static XYChart energy(RankReport r, Function<LayerRanks, TensorRanks> tensor, int n) {
        TensorRanks first = tensor.apply(r.layers().get(0));
        int dim = first.dims()[n];
        XYChart c = chart(r, title(first, n), logK(dim) ? "k (log scale)" : "k", "energy held by the leading k");
        double low = 1;
        List<double[]> curves = new ArrayList<>();
        for (LayerRanks l : r.layers()) {
            double[] y = tensor.apply(l).spectra().get(n).cumulativeEnergy();
            low = Math.min(low, y.length == 0 ? 1 : y[0]);
            series(c, r, l, indices(y.length), y);
            curves.add(y);
        }
        // The energy ranks live between 90 and 99.9 %: start at 50 % (or the tenth below every curve).
        double min = ENERGY_FLOOR < low ? Math.min(0.8, Math.floor(low * 10) / 10) : ENERGY_FLOOR;
        c.getStyler().setYAxisMin(min).setYAxisMax(1.0);
        axisK(c, dim, logK(dim));
        double[] guides = {0.99, 0.95, 0.90, 0.85};
        double labelX = kAt(quieterSide(curves, dim), dim, logK(dim));
        for (int g = 0; g < 3; g++) {
            // Each label sits midway down to the next guide.
            guideY(c, guides[g], (guides[g] + guides[g + 1]) / 2, labelX, RankLabels.percent(guides[g]));
        }
        structural(c, first, n, min + 0.06 * (1 - min), logK(dim));
        c.getStyler().setLegendPosition(LegendPosition.InsideSE);
        return c;
    }

    /** Where on the k axis (as a fraction) fewer curves cross the guide labels' band: right, else left. */
    private static double quieterSide(List<double[]> curves, int dim) {
        double right = 0.92;
        double left = 0.07;
        return crossings(curves, left, dim) < crossings(curves, right, dim) ? left : right;
    }

    /** Curves inside the labels' band across a label's width centred at {@code fraction} of the axis. */
    private static long crossings(List<double[]> curves, double fraction, int dim) {
        long count = 0;
        for (double f = fraction - 0.05; f <= fraction + 0.05; f += 0.025) {
            double k = kAt(Math.max(0, Math.min(1, f)), dim, logK(dim));
            count += curves.stream()
                    .filter(y -> y.length > 0)
                    .map(y -> y[Math.max(0, Math.min(y.length - 1, (int) Math.round(k) - 1))])
                    .filter(v -> v > 0.86 && v < 0.985)
                    .count();
        }
        return count;
    }

    /** HOSVD relative error against Tucker parameters of each layer's candidate triples, log y. */
    static XYChart candidates(RankReport r, Function<LayerRanks, TensorRanks> tensor) {
        TensorRanks first = tensor.apply(r.layers().get(0));
        long most = r.layers().stream().flatMap(l -> tensor.apply(l).candidates().stream())
                .mapToLong(CandidateError::parameters).max().orElse(0);
        // Millions read better than 1.2E8 on the axis of a large model.
        double unit = most >= 10_000_000 ? 1e6 : 1;
        XYChart c = chart(r, first.tensor() + " · candidate triples",
                unit > 1 ? "Tucker parameters (millions)" : "Tucker parameters", "relative error");
        double low = 1;
        double high = first.tolerance();
        double left = Double.MAX_VALUE;
        double right = 0;
        for (LayerRanks l : r.layers()) {
            List<CandidateError> sorted = tensor.apply(l).candidates().stream()
                    .sorted(Comparator.comparingLong(CandidateError::parameters))
                    .toList();
            if (sorted.isEmpty()) {
                continue;
            }
            double[] x = sorted.stream().mapToDouble(e -> e.parameters() / unit).toArray();
            double[] y = sorted.stream().mapToDouble(e -> Math.max(FLOOR, e.relativeError())).toArray();
            for (double v : y) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
            left = Math.min(left, x[0]);
            right = Math.max(right, x[x.length - 1]);
            series(c, r, l, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        logY(c, low, high);
        guideY(c, first.tolerance(), first.tolerance() * 2, left + 0.8 * (right - left),
                "tolerance " + RankLabels.relative(first.tolerance()));
        c.getStyler().setLegendPosition(LegendPosition.InsideSW);
        return c;
    }

    /** True when some layer of the chosen tensor has candidate errors to plot. */
    static boolean hasCandidates(RankReport r, Function<LayerRanks, TensorRanks> tensor) {
        return r.layers().stream().anyMatch(l -> !tensor.apply(l).candidates().isEmpty());
    }

    /** The chart as a PNG of {@link #WIDTH} × {@link #HEIGHT} pixels. */
    static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String title(TensorRanks t, int n) {
        return "%s · %s mode (%d)".formatted(t.tensor(), t.modes().get(n), t.dims()[n]);
    }

    private static XYChart chart(RankReport r, String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        s.setPlotGridLinesColor(new Color(0xeb, 0xeb, 0xeb)).setPlotGridLinesStroke(new BasicStroke(1f));
        s.setPlotGridVerticalLinesVisible(false).setChartPadding(8);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14)).setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11)).setLegendBorderColor(new Color(0xcc, 0xcc, 0xcc));
        s.setAnnotationLineColor(new Color(0x55, 0x55, 0x55));
        s.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {5f, 4f}, 0f));
        s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAnnotationTextFontColor(new Color(0x33, 0x33, 0x33));
        s.setMarkerSize(5);
        s.setLegendVisible(r.layers().size() <= MAX_LEGEND_LAYERS);
        return c;
    }

    private static XYSeries series(XYChart c, RankReport r, LayerRanks l, double[] x, double[] y) {
        XYSeries s = c.addSeries("layer " + l.layer(), x, y);
        Color colour = LayerColours.of(r.layers().indexOf(l), r.layers().size());
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setLineWidth(1.5f);
        s.setMarker(x.length <= 16 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        return s;
    }

    /** A log y-axis spanning whole decades from below {@code low} to above {@code high}. */
    private static void logY(XYChart c, double low, double high) {
        double min = Math.pow(10, Math.floor(Math.log10(low)));
        double max = Math.pow(10, Math.ceil(Math.log10(high)));
        XYStyler s = c.getStyler();
        s.setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(true);
        s.setYAxisMin(min).setYAxisMax(max > min ? max : min * 10);
    }

    /** A dashed horizontal guide at {@code y}, labelled just above it at {@code labelX} (data units). */
    private static void guideY(XYChart c, double y, double labelY, double labelX, String label) {
        c.addAnnotation(new AnnotationLine(y, false, false));
        c.addAnnotation(new AnnotationText(label, labelX, labelY, false));
    }

    /** A dashed vertical guide at the structural rank when the mechanism caps the mode below its size. */
    private static void structural(XYChart c, TensorRanks t, int n, double labelY, boolean log) {
        int s = t.structural()[n];
        int dim = t.dims()[n];
        if (s > 0 && s < dim) {
            c.addAnnotation(new AnnotationLine(s, true, false));
            // The label is centred on its point: set it beside the line, on the side with more room.
            double f = log ? Math.log(s) / Math.log(dim) : (double) s / dim;
            double x = kAt(f < 0.7 ? f + 0.14 : f - 0.14, dim, log);
            c.addAnnotation(new AnnotationText("structural " + s, x, labelY, false));
        }
    }

    /** Energy curves of modes this wide spread their rise over a log k axis. */
    static boolean logK(int dim) {
        return dim >= LOG_K_FROM;
    }

    /** The k axis over 1..dim, labels without digit grouping so wide modes' ticks stay apart. */
    private static void axisK(XYChart c, int dim, boolean log) {
        XYStyler s = c.getStyler();
        s.setXAxisLogarithmic(log).setXAxisMin(log ? 1.0 : 0.0).setXAxisMax((double) dim);
        s.setXAxisDecimalPattern("#");
        // XChart puts ticks on the data points when all x are equally spaced (1, 4, 7, ...); one invisible
        // off-grid point makes it choose round ticks (0, 500, 1000, ...) instead.
        XYSeries anchor = c.addSeries(" ", new double[] {log ? 1.5 : 0.5}, new double[] {c.getStyler().getYAxisMin()});
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setShowInLegend(false);
    }

    /** The k at {@code fraction} of the axis width. */
    private static double kAt(double fraction, int dim, boolean log) {
        return log ? Math.pow(dim, fraction) : fraction * dim;
    }

    private static double[] indices(int n) {
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = k + 1;
        }
        return x;
    }
}
