package org.tuckerattention.converter.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Prints decomposition benchmark runs as min / median / max, with the machine and settings. */
public final class DecomposeBenchmarkReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String text(List<DecomposeBenchmark.Result> runs) {
        DecomposeBenchmark.Result first = runs.get(0);
        DecomposeBenchmark.Shape s = first.shape();
        StringBuilder b = new StringBuilder();
        b.append("decompose d=%d heads=%d head-dim=%d kv-heads=%d ranks=%s hooi-sweeps=%d seed=%d%n".formatted(
                s.d(), s.heads(), s.headDim(), s.kvHeads(), Arrays.toString(s.ranks()), s.hooiSweeps(), s.seed()));
        b.append("machine: %d cores, Java %s; products: %s; eigen method: %s; %d runs%n".formatted(
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                first.backend(), first.method(), runs.size()));
        b.append("%-26s %10s %10s %10s%n".formatted("", "min", "median", "max"));
        row(b, "factor Grams (s)", runs, DecomposeBenchmark.Result::factorGramSeconds, "%10.3f");
        row(b, "HOSVD + HOOI (s)", runs, DecomposeBenchmark.Result::decomposeSeconds, "%10.3f");
        row(b, "total, both tensors (s)", runs, DecomposeBenchmark.Result::totalSeconds, "%10.3f");
        row(b, "process CPU (s)", runs, DecomposeBenchmark.Result::cpuSeconds, "%10.3f");
        row(b, "load average at start", runs, DecomposeBenchmark.Result::loadAverage, "%10.2f");
        row(b, "heap peak (MiB)", runs, r -> r.heapPeakBytes() / 1048576.0, "%10.1f");
        row(b, "resident peak (MiB)", runs, r -> r.residentPeakBytes() / 1048576.0, "%10.1f");
        b.append("relative error: pre-softmax %.6f, post-softmax %.6f%n".formatted(first.preError(), first.postError()));
        return b.toString();
    }

    public static String json(List<DecomposeBenchmark.Result> runs) {
        DecomposeBenchmark.Result first = runs.get(0);
        DecomposeBenchmark.Shape s = first.shape();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode shape = root.putObject("shape");
        shape.put("d", s.d());
        shape.put("heads", s.heads());
        shape.put("head_dim", s.headDim());
        shape.put("kv_heads", s.kvHeads());
        Arrays.stream(s.ranks()).forEach(shape.putArray("ranks")::add);
        shape.put("hooi_sweeps", s.hooiSweeps());
        shape.put("seed", s.seed());
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.version"));
        root.put("products", first.backend());
        root.put("method", first.method());
        root.put("runs", runs.size());
        stats(root, "factor_gram_seconds", runs, DecomposeBenchmark.Result::factorGramSeconds);
        stats(root, "decompose_seconds", runs, DecomposeBenchmark.Result::decomposeSeconds);
        stats(root, "total_seconds", runs, DecomposeBenchmark.Result::totalSeconds);
        stats(root, "cpu_seconds", runs, DecomposeBenchmark.Result::cpuSeconds);
        stats(root, "load_average", runs, DecomposeBenchmark.Result::loadAverage);
        stats(root, "heap_peak_bytes", runs, r -> r.heapPeakBytes());
        stats(root, "resident_peak_bytes", runs, r -> r.residentPeakBytes());
        root.put("pre_softmax_relative_error", first.preError());
        root.put("post_softmax_relative_error", first.postError());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void row(StringBuilder b, String label, List<DecomposeBenchmark.Result> runs,
            ToDoubleFunction<DecomposeBenchmark.Result> f, String format) {
        double[] v = sorted(runs, f);
        b.append("%-26s".formatted(label)).append(' ')
                .append(format.formatted(v[0])).append(' ')
                .append(format.formatted(median(v))).append(' ')
                .append(format.formatted(v[v.length - 1])).append('\n');
    }

    private static void stats(ObjectNode root, String key, List<DecomposeBenchmark.Result> runs,
            ToDoubleFunction<DecomposeBenchmark.Result> f) {
        double[] v = sorted(runs, f);
        ObjectNode o = root.putObject(key);
        o.put("min", v[0]);
        o.put("median", median(v));
        o.put("max", v[v.length - 1]);
    }

    private static double[] sorted(List<DecomposeBenchmark.Result> runs, ToDoubleFunction<DecomposeBenchmark.Result> f) {
        return runs.stream().mapToDouble(f).sorted().toArray();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private DecomposeBenchmarkReport() {}
}
