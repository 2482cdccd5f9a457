package org.tuckerattention.validation.comparison;

import java.io.PrintWriter;
import java.util.Locale;
import org.tuckerattention.validation.metrics.PerplexityStats;
import org.tuckerattention.validation.runtime.ModelFigures;

/** The report of {@code tucker validate} as a terminal table. */
public final class ValidationReportText {

    public static void print(ValidationReport r, PrintWriter out) {
        ModelFigures p = r.original();
        ModelFigures q = r.candidate();
        out.println("original   " + r.settings().original());
        out.println("candidate  " + r.settings().candidate());
        out.println("text       " + r.textDescription());
        out.println("scoring    " + r.scoring());
        out.println("device     " + p.device());
        out.println();
        row(out, "", "original", "candidate", "");
        row(out, "attention", p.attention(), q.attention(), "");
        row(out, "attention parameters", "%,d".formatted(p.attentionParameters()),
                "%,d".formatted(q.attentionParameters()), percent(q.attentionParameters(), p.attentionParameters()));
        if (r.causal().isPresent()) {
            row(out, "KV cache bytes/token", "%,d".formatted(p.kvCacheBytesPerToken()),
                    "%,d".formatted(q.kvCacheBytesPerToken()),
                    percent(q.kvCacheBytesPerToken(), p.kvCacheBytesPerToken()) + "  (float32, all layers)");
        } else {
            row(out, "KV cache bytes/token", "none", "none", "(encoder: no cache)");
        }
        r.causal().ifPresent(c -> {
            row(out, "perplexity", ppl(c.original()), ppl(c.candidate()),
                    "ratio " + f("%.4f", c.perplexityRatio()));
            row(out, "mean NLL (nats)", f("%.5f", c.original().meanNll()), f("%.5f", c.candidate().meanNll()), "");
            row(out, "forward time (s)", f("%.2f", c.originalSeconds()), f("%.2f", c.candidateSeconds()),
                    f("%.0f vs %.0f tokens/s (%d tokens, prefill of each chunk)", c.tokensRun() / c.originalSeconds(),
                            c.tokensRun() / c.candidateSeconds(), c.tokensRun()));
            out.println();
            out.println("candidate against original (" + c.kl().tokens() + " scored tokens):");
            out.println(f("  KL divergence (nats)  mean %.6f ± %.1e   median %.6f   p99 %.6f   max %.6f",
                    c.kl().mean(), c.kl().meanUncertainty(), c.kl().median(), c.kl().p99(), c.kl().max()));
            out.println(f("  top-1 agreement       %.2f ± %.2f %%", 100 * c.topOne().fraction(),
                    100 * c.topOne().uncertainty()));
            out.println(f("  Δp of correct token   mean %+.4f ± %.4f %%   RMS %.4f %%", 100 * c.deltaP().mean(),
                    100 * c.deltaP().meanUncertainty(), 100 * c.deltaP().rms()));
        });
        r.encoder().ifPresent(e -> {
            row(out, "forward time (s)", f("%.2f", e.originalSeconds()), f("%.2f", e.candidateSeconds()),
                    f("%.0f vs %.0f tokens/s", e.tokens() / e.originalSeconds(), e.tokens() / e.candidateSeconds()));
            out.println();
            out.println("candidate against original (" + e.meanPooled().sentences() + " sentences):");
            out.println(f("  cosine, mean pooling  mean %.6f   min %.6f", e.meanPooled().mean(), e.meanPooled().min()));
            out.println(f("  cosine, CLS pooling   mean %.6f   min %.6f", e.clsPooled().mean(), e.clsPooled().min()));
            out.println(f("  hidden states         relative error %.3e", e.hiddenStateRelativeError()));
        });
        if (!r.layers().isEmpty()) {
            out.println();
            out.println("decomposition (candidate's tucker_attention block): layer, side, storage, ranks, relative error");
            for (LayerDecomposition l : r.layers()) {
                out.println(f("  %5d  pre   %-14s %-16s %s", l.layer(), l.pre().storage(), l.pre().ranks(),
                        error(l.pre().relativeError())));
                out.println(f("         post  %-14s %-16s %s", l.post().storage(), l.post().ranks(),
                        error(l.post().relativeError())));
            }
        }
        out.println();
        out.println(f("load %.2f s", r.loadSeconds()));
        out.println("verdict: " + verdictLine(r));
        out.flush();
    }

    /** The verdict with the figures it rests on and the tier bounds (DESIGN §8). */
    static String verdictLine(ValidationReport r) {
        if (r.causal().isPresent()) {
            CausalResult c = r.causal().get();
            return f("%s (mean KLD %.4f, top-1 %.1f %%; near-lossless: KLD ≤ 0.005 and top-1 ≥ 96 %%, usable: KLD ≤ "
                    + "0.03 and top-1 ≥ 92 %%)", r.verdict().label(), c.kl().mean(), 100 * c.topOne().fraction());
        }
        EncoderResult e = r.encoder().orElseThrow();
        return f("%s (mean cosine %.4f; near-lossless: ≥ 0.999, usable: ≥ 0.99)", r.verdict().label(),
                e.meanPooled().mean());
    }

    private static void row(PrintWriter out, String label, String a, String b, String note) {
        out.println(f("%-22s %20s %20s  %s", label, a, b, note).stripTrailing());
    }

    private static String ppl(PerplexityStats p) {
        return f("%.4f ± %.4f", p.perplexity(), p.uncertainty());
    }

    private static String percent(long a, long b) {
        return b == 0 ? "" : f("%.1f %%", 100.0 * a / b);
    }

    private static String error(double e) {
        return Double.isNaN(e) ? "not stated" : f("%.4g", e);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private ValidationReportText() {}
}
