package org.tuckerattention.converter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tuckerattention.converter.compress.CompressPipeline;
import org.tuckerattention.converter.compress.CompressProgress;
import org.tuckerattention.converter.compress.CompressReport;
import org.tuckerattention.converter.compress.CompressSettings;
import org.tuckerattention.formats.TemporaryFolder;

/**
 * Times {@code tucker compress} on a generated checkpoint ({@link SyntheticLlamaCheckpoint}) written to a
 * work folder outside the project: wall time and the process's peak resident set during the compression
 * only (generation excluded), which must not grow with the number of layers (issue 4).
 */
public final class CompressBenchmark {

    /**
     * What one run measured.
     *
     * @param inputBytes size of the generated weights file
     * @param generateSeconds writing the synthetic checkpoint
     * @param report the compression's own report (per-layer times, hash / decompose / write split)
     * @param wallSeconds the compression, end to end
     * @param heapPeakBytes JVM heap peak during the compression
     * @param residentPeakBytes process peak RSS during the compression, -1 where unknown
     * @param anonymousPeakBytes peak of the anonymous part of the RSS (sampled), -1 where unknown
     */
    public record Result(
            SyntheticLlamaCheckpoint model,
            long inputBytes,
            double generateSeconds,
            CompressReport report,
            double wallSeconds,
            long heapPeakBytes,
            long residentPeakBytes,
            long anonymousPeakBytes) {}

    /** Generates the checkpoint under {@code work}, compresses it there, and deletes both unless {@code keep}. */
    public static Result run(SyntheticLlamaCheckpoint model, CompressSettings settings, Path work, boolean keep,
            CompressProgress progress) throws IOException {
        Path input = work.resolve("input-%d-layers".formatted(model.layers()));
        Path output = work.resolve("compressed-%d-layers".formatted(model.layers()));
        try {
            long t0 = System.nanoTime();
            model.write(input);
            double generate = (System.nanoTime() - t0) / 1e9;
            System.gc();
            PeakMemory.reset();
            try (AnonymousPeak anonymous = AnonymousPeak.start()) {
                long t1 = System.nanoTime();
                CompressReport report = CompressPipeline.run(input, output, settings, progress);
                double wall = (System.nanoTime() - t1) / 1e9;
                return new Result(model, Files.size(input.resolve("model.safetensors")), generate, report, wall,
                        PeakMemory.heapBytes(), PeakMemory.residentBytes().orElse(-1),
                        anonymous.bytes().orElse(-1));
            }
        } finally {
            if (!keep) {
                TemporaryFolder.deleteTree(input);
                TemporaryFolder.deleteTree(output);
            }
        }
    }

    /** One paragraph: the shape, the settings, the machine and the figures. */
    public static String text(Result r) {
        SyntheticLlamaCheckpoint m = r.model();
        CompressReport c = r.report();
        return String.format(Locale.ROOT, """
                compress: synthetic Llama, %d layers, d=%d, %d heads / %d kv heads of %d, ffn %d, vocab %d, BF16 \
                (%.2f GiB of weights, generated in %.1f s)
                settings: %s
                machine: %d cores, Java %s, max heap %.1f GiB
                wall time            %10.1f s  (hash %.1f s, decompose %.1f s = %.1f s per layer, write %.1f s)
                heap peak            %10.1f MiB
                resident peak        %10.1f MiB  (anonymous %.1f MiB; the rest is file-backed: the mapped input, libraries)
                attention parameters %,d -> %,d; KV cache %,d -> %,d values per token; largest error %.4f
                """,
                m.layers(), m.d(), m.heads(), m.kvHeads(), m.headDim(), m.ffn(), m.vocab(),
                r.inputBytes() / 1073741824.0, r.generateSeconds(), c.settings(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / 1073741824.0,
                r.wallSeconds(), c.hashSeconds(), c.decomposeSeconds(), c.decomposeSeconds() / m.layers(),
                c.writeSeconds(), r.heapPeakBytes() / 1048576.0, r.residentPeakBytes() / 1048576.0,
                r.anonymousPeakBytes() / 1048576.0,
                c.attentionParametersBefore(), c.attentionParametersAfter(), c.kvValuesPerTokenBefore(),
                c.kvValuesPerTokenAfter(), c.maxRelativeError());
    }

    private CompressBenchmark() {}
}
