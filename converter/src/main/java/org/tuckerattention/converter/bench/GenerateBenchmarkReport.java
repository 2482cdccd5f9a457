package org.tuckerattention.converter.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.tuckerattention.validation.runtime.ModelFigures;

/** Prints generation benchmark runs as min / median / max, with the model's figures and the settings. */
public final class GenerateBenchmarkReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String text(String model, ModelFigures f, int ctx, List<GenerateBenchmark.Result> runs) {
        GenerateBenchmark.Result first = runs.get(0);
        StringBuilder b = new StringBuilder();
        b.append("generate %s: ctx %d = prefill %d + decode %d tokens, %d runs%n".formatted(model, ctx,
                first.prefillTokens(), first.decodeTokens(), runs.size()));
        b.append("attention %s, %,d attention parameters, KV cache %,d bytes/token (float32); %s; %d cores%n".formatted(
                f.attention(), f.attentionParameters(), f.kvCacheBytesPerToken(), f.device(),
                Runtime.getRuntime().availableProcessors()));
        b.append("%-22s %10s %10s %10s%n".formatted("", "min", "median", "max"));
        row(b, "prefill tokens/s", runs, GenerateBenchmark.Result::prefillTokensPerSecond);
        row(b, "decode tokens/s", runs, GenerateBenchmark.Result::decodeTokensPerSecond);
        return b.toString();
    }

    public static String json(String model, ModelFigures f, int ctx, List<GenerateBenchmark.Result> runs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model).put("ctx", ctx).put("prefill_tokens", runs.get(0).prefillTokens())
                .put("decode_tokens", runs.get(0).decodeTokens()).put("runs", runs.size())
                .put("cores", Runtime.getRuntime().availableProcessors());
        root.set("figures", JSON.valueToTree(f));
        stats(root, "prefill_tokens_per_second", runs, GenerateBenchmark.Result::prefillTokensPerSecond);
        stats(root, "decode_tokens_per_second", runs, GenerateBenchmark.Result::decodeTokensPerSecond);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void row(StringBuilder b, String label, List<GenerateBenchmark.Result> runs,
            ToDoubleFunction<GenerateBenchmark.Result> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        b.append(String.format(Locale.ROOT, "%-22s %10.1f %10.1f %10.1f%n", label, v[0], median(v), v[v.length - 1]));
    }

    private static void stats(ObjectNode root, String key, List<GenerateBenchmark.Result> runs,
            ToDoubleFunction<GenerateBenchmark.Result> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        root.putObject(key).put("min", v[0]).put("median", median(v)).put("max", v[v.length - 1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private GenerateBenchmarkReport() {}
}
