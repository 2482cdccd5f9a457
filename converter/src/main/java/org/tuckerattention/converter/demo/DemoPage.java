package org.tuckerattention.converter.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.tuckerattention.converter.compare.CompareFiles;
import org.tuckerattention.converter.compare.CompareRow;

/**
 * {@code demo-report/index.html}: the demo's table of compressed models, its quality-versus-parameters plot
 * (embedded, so the page stands alone) and a link to the rank report written beside it.
 */
public final class DemoPage {

    public static final String FILE = "index.html";

    /** Writes the page into {@code dir}, beside {@code ranksPage}; returns its path. */
    public static Path write(String model, long parametersBefore, List<CompareRow> rows, String settings,
            Path ranksPage, Path dir) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(CompareFiles.plot(model, parametersBefore, rows),
                    BitmapEncoder.BitmapFormat.PNG);
            boolean causal = rows.stream().anyMatch(r -> !Double.isNaN(r.meanKld()));
            StringBuilder h = new StringBuilder();
            h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tucker demo: ").append(esc(model))
                    .append("</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
                            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
                            + "text-align:right}td:nth-child(2),td:last-child{text-align:left}</style></head><body>\n")
                    .append("<h1>tucker demo: ").append(esc(model)).append("</h1>\n<p>").append(esc(settings))
                    .append("</p>\n<h2>Compressed with Tucker attention, judged against the original</h2>\n<table><tr>")
                    .append("<th>budget</th><th>method</th><th>attention parameters</th>")
                    .append(causal ? "<th>KV bytes/token</th><th>mean KLD</th><th>top-1</th>" : "<th>mean cosine</th>")
                    .append("<th>settings</th></tr>\n");
            for (CompareRow r : rows) {
                h.append(String.format(Locale.ROOT, "<tr><td>%.4g</td><td>%s</td><td>%,d (%.1f %%)</td>", r.budget(),
                        esc(r.method()), r.attentionParameters(), 100.0 * r.attentionParameters() / parametersBefore));
                h.append(causal ? String.format(Locale.ROOT, "<td>%,d</td><td>%.4f</td><td>%.1f %%</td>",
                        r.kvCacheBytesPerToken(), r.meanKld(), 100 * r.topOne())
                        : String.format(Locale.ROOT, "<td>%.4f</td>", r.meanCosine()));
                h.append("<td>").append(esc(r.description())).append("</td></tr>\n");
            }
            h.append("</table>\n<p><img alt=\"quality against attention parameters\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n")
                    .append("<h2>Effective ranks of the original attention</h2>\n<p><a href=\"")
                    .append(esc(dir.relativize(ranksPage).toString()))
                    .append("\">The rank report</a>: spectra, energy curves and HOSVD error against parameters of every"
                            + " layer and mode.</p>\n</body></html>\n");
            Path page = dir.resolve(FILE);
            Files.writeString(page, h);
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private DemoPage() {}
}
