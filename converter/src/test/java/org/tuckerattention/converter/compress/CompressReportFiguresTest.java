package org.tuckerattention.converter.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * The parameter and KV-cache figures of the report are the closed-form counts of DESIGN §4 and §5:
 * dense {@code r1 r2 r3 + nH r1 + d r2 + d r3}, head-factored {@code nH w r2 + nKV w r3 + d r2 + d r3},
 * plus the folded biases; the cache holds {@code r3 + s3} values per token and layer, the original
 * {@code 2 nKV w}; and they agree with the tensors actually written.
 */
class CompressReportFiguresTest {

    @Test
    void stories260KHeadFactoredQueryKeyAndDenseValueOutput(@TempDir Path tmp) throws IOException {
        int d = 64, nH = 8, nKV = 4, w = 8, layers = 5;
        int[] r = {4, 32, 16};
        int[] s = {4, 48, 24};
        Path input = SharedData.stories260K().resolve("hf-f32");
        CompressReport report = CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(r[0], r[1], r[2]), RankSpec.fixed(s[0], s[1], s[2]), CoreChoice.DENSE, 0),
                CompressProgress.silent());
        long pre = (long) nH * w * r[1] + (long) nKV * w * r[2] + (long) d * r[1] + (long) d * r[2];
        long post = (long) s[0] * s[1] * s[2] + (long) nH * s[0] + (long) d * s[1] + (long) d * s[2];
        long before = (long) d * (nH + 2 * nKV) * w + (long) nH * w * d;
        for (LayerResult l : report.compressed()) {
            assertArrayEquals(new int[] {nH, r[1], r[2]}, l.pre().ranks(), "head RoPE keeps every head");
            assertEquals(pre, l.pre().parameters());
            assertEquals(post, l.post().parameters());
            assertEquals(before, l.parametersBefore());
            assertEquals(2L * nKV * w, l.kvValuesBefore());
            assertEquals(r[2] + s[2], l.kvValuesAfter());
        }
        assertEquals(layers * before, report.attentionParametersBefore());
        assertEquals(layers * (pre + post), report.attentionParametersAfter());
        assertEquals(layers * 2L * nKV * w, report.kvValuesPerTokenBefore());
        assertEquals(layers * (long) (r[2] + s[2]), report.kvValuesPerTokenAfter());
        assertEquals(report.modelParametersBefore() - layers * before + layers * (pre + post),
                report.modelParametersAfter());
        assertWritten(tmp.resolve("out"), report);
    }

    @Test
    void gpt2DenseCoresWithFoldedBiases(@TempDir Path tmp) throws IOException {
        int d = 16, nH = 4, layers = 2;
        int[] r = {2, 8, 6};
        int[] s = {3, 10, 5};
        Path input = SyntheticModels.gpt2().writeHfFolder(tmp.resolve("gpt2"), DType.F32);
        CompressReport report = CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(r[0], r[1], r[2]), RankSpec.fixed(s[0], s[1], s[2]), CoreChoice.DENSE, 1),
                CompressProgress.silent());
        // The query bias lives in the key latent (nH × r3); the value bias folds into the output bias (d).
        long pre = (long) r[0] * r[1] * r[2] + (long) nH * r[0] + (long) d * r[1] + (long) d * r[2] + (long) nH * r[2];
        long post = (long) s[0] * s[1] * s[2] + (long) nH * s[0] + (long) d * s[1] + (long) d * s[2] + d;
        long before = 4L * d * d + 4L * d;
        for (LayerResult l : report.compressed()) {
            assertEquals(pre, l.pre().parameters());
            assertEquals(post, l.post().parameters());
            assertEquals(before, l.parametersBefore());
            assertEquals(2L * d, l.kvValuesBefore());
            assertEquals(r[2] + s[2], l.kvValuesAfter());
        }
        assertEquals(layers * (pre + post), report.attentionParametersAfter());
        assertWritten(tmp.resolve("out"), report);
    }

    /** The report file says what the record says, and the written tensors hold exactly those parameters. */
    private static void assertWritten(Path out, CompressReport report) throws IOException {
        JsonNode json = new ObjectMapper().readTree(out.resolve("tucker_report.json").toFile());
        JsonNode totals = json.get("totals");
        assertEquals(report.attentionParametersAfter(), totals.get("attention_parameters_after").asLong());
        assertEquals(report.kvValuesPerTokenAfter(), totals.get("kv_cache_values_per_token_after").asLong());
        assertEquals(report.attentionParametersBefore(), totals.get("attention_parameters_before").asLong());
        try (Checkpoint c = Checkpoints.open(out)) {
            long tucker = c.tensors().values().stream().filter(t -> t.name().contains(".tucker."))
                    .mapToLong(TensorRef::elementCount).sum();
            assertEquals(report.attentionParametersAfter(), tucker);
            long all = c.tensors().values().stream().mapToLong(TensorRef::elementCount).sum();
            assertEquals(report.modelParametersAfter(), all);
        }
    }
}
