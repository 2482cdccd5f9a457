package org.tuckerattention.converter.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The results of {@code tucker compare} as a table (text and Markdown), JSON and a PNG plot. */
public final class CompareFiles {

    public static final String JSON_FILE = "compare.json";
    public static final String MARKDOWN_FILE = "compare.md";
    public static final String PLOT_FILE = "compare.png";

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Set before XChart touches AWT: plots are drawn on servers and in CI without a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Writes the three files into {@code dir} (created if needed); returns their paths. */
    public static List<Path> write(String model, long parametersBefore, List<CompareRow> rows, Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(JSON_FILE);
            Path md = dir.resolve(MARKDOWN_FILE);
            Path png = dir.resolve(PLOT_FILE);
            Files.writeString(json, json(model, parametersBefore, rows));
            Files.writeString(md, "# " + model + "\n\n" + markdown(parametersBefore, rows));
            BitmapEncoder.saveBitmap(plot(model, parametersBefore, rows), png.toString(),
                    BitmapEncoder.BitmapFormat.PNG);
            return List.of(json, md, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The table in Markdown, as {@code tucker compare} also prints it. */
    public static String markdown(long parametersBefore, List<CompareRow> rows) {
        boolean causal = rows.stream().anyMatch(r -> !Double.isNaN(r.meanKld()));
        StringBuilder b = new StringBuilder();
        b.append(causal ? "| budget | method | attention params | KV bytes/token | mean KLD | top-1 | settings |\n"
                + "|---:|---|---:|---:|---:|---:|---|\n"
                : "| budget | method | attention params | mean cosine | settings |\n|---:|---|---:|---:|---|\n");
        for (CompareRow r : rows) {
            String params = String.format(Locale.ROOT, "%,d (%.1f %%)", r.attentionParameters(),
                    100.0 * r.attentionParameters() / parametersBefore);
            if (causal) {
                b.append(String.format(Locale.ROOT, "| %.4g | %s | %s | %,d | %.4f | %.1f %% | %s |%n", r.budget(),
                        r.method(), params, r.kvCacheBytesPerToken(), r.meanKld(), 100 * r.topOne(), r.description()));
            } else {
                b.append(String.format(Locale.ROOT, "| %.4g | %s | %s | %.4f | %s |%n", r.budget(), r.method(),
                        params, r.meanCosine(), r.description()));
            }
        }
        return b.toString();
    }

    static String json(String model, long parametersBefore, List<CompareRow> rows) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("attention_parameters_before", parametersBefore);
        ArrayNode a = root.putArray("rows");
        for (CompareRow r : rows) {
            ObjectNode o = a.addObject();
            o.put("method", r.method());
            o.put("budget", r.budget());
            o.put("description", r.description());
            o.put("attention_parameters", r.attentionParameters());
            o.put("kv_cache_bytes_per_token", r.kvCacheBytesPerToken());
            if (!Double.isNaN(r.meanKld())) {
                o.put("mean_kld", r.meanKld());
                o.put("top1", r.topOne());
            }
            if (!Double.isNaN(r.meanCosine())) {
                o.put("mean_cosine", r.meanCosine());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Quality against attention parameters (percent of the original), one series per method. */
    public static XYChart plot(String model, long parametersBefore, List<CompareRow> rows) {
        boolean causal = rows.stream().anyMatch(r -> !Double.isNaN(r.meanKld()));
        XYChart c = new XYChartBuilder().width(640).height(420).title(model)
                .xAxisTitle("attention parameters (% of original)")
                .yAxisTitle(causal ? "mean KL divergence (nats, log)" : "mean cosine to original").build();
        XYStyler style = c.getStyler();
        style.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE)
                .setLegendPosition(LegendPosition.OutsideS);
        style.setYAxisLogarithmic(causal);
        style.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (CompareRow r : rows) {
            series.merge(r.method(), new double[][] {{100.0 * r.attentionParameters() / parametersBefore},
                {causal ? Math.max(1e-6, r.meanKld()) : r.meanCosine()}}, CompareFiles::append);
        }
        series.forEach((method, xy) -> c.addSeries(method, xy[0], xy[1]).setMarker(SeriesMarkers.CIRCLE));
        return c;
    }

    private static double[][] append(double[][] a, double[][] b) {
        double[] x = java.util.Arrays.copyOf(a[0], a[0].length + 1);
        double[] y = java.util.Arrays.copyOf(a[1], a[1].length + 1);
        x[x.length - 1] = b[0][0];
        y[y.length - 1] = b[1][0];
        return new double[][] {x, y};
    }

    private CompareFiles() {}
}
