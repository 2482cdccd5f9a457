package org.tuckerattention.converter.baselines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.StagedFolder;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.hf.HfFolder;
import org.tuckerattention.formats.safetensors.SafetensorsWriter;
import org.tuckerattention.formats.safetensors.TensorSource;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * Reads a checkpoint's attention and writes a baseline conversion of it as a Hugging Face folder: every
 * tensor copied, each layer's Q/K/V/O projections (and biases) replaced by the converted ones in their
 * original names, shapes and types, the config and tokenizer files unchanged, and
 * {@value BaselineReport#FILE}. Staged beside the target and renamed at the end.
 */
public final class BaselineCheckpoints {

    /** Every layer's canonical attention weights; fails for layouts other than separate Q/K/V/O projections. */
    public static List<AttentionWeights> attention(Checkpoint ckpt) {
        ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
        AttentionGeometry g = adapter.geometry(ckpt.config());
        List<AttentionWeights> layers = new ArrayList<>();
        for (int l = 0; l < g.layers(); l++) {
            names(ckpt, adapter, g, l);
            layers.add(adapter.attention(ckpt, g, l));
        }
        return layers;
    }

    /**
     * Converts {@code layers} (from {@link #attention}) of {@code ckpt} with {@code baseline} into {@code out}.
     *
     * @param budget the budget fraction asked, recorded in the report
     */
    public static BaselineReport write(Checkpoint ckpt, List<AttentionWeights> layers, Baseline baseline,
            double budget, Path out, boolean replace) {
        long t0 = System.nanoTime();
        ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
        AttentionGeometry g = layers.get(0).geometry();
        Map<String, float[]> replaced = new HashMap<>();
        List<Double> errors = new ArrayList<>();
        for (AttentionWeights w : layers) {
            AttentionWeights c = baseline.convert(w);
            List<String> names = names(ckpt, adapter, g, w.layer());
            replaced.put(names.get(0), c.wq().data());
            replaced.put(names.get(1), c.wk().data());
            replaced.put(names.get(2), c.wv().data());
            replaced.put(names.get(3), c.wo().data());
            int next = 4;
            if (g.qkvBias()) {
                replaced.put(names.get(next++), c.bq().orElseThrow());
                replaced.put(names.get(next++), c.bk().orElseThrow());
                replaced.put(names.get(next++), c.bv().orElseThrow());
            }
            if (g.outputBias()) {
                replaced.put(names.get(next), c.bo().orElseThrow());
            }
            errors.add(relativeError(w, c));
        }
        Path target = out.toAbsolutePath().normalize();
        if (ckpt.source().toAbsolutePath().normalize().startsWith(target)) {
            throw new CheckpointException(target, "is (or holds) the input; choose another output folder");
        }
        BaselineReport report;
        try (StagedFolder staged = StagedFolder.beside(out, replace)) {
            Path dir = staged.path();
            Files.writeString(dir.resolve("config.json"), ckpt.config().toJson());
            List<TensorSource> tensors = ckpt.tensors().values().stream()
                    .map(t -> replaced.containsKey(t.name())
                            ? TensorSource.of(t.name(), t.dtype(), t.shape(), replaced.get(t.name()))
                            : TensorSource.copyOf(t))
                    .toList();
            SafetensorsWriter.write(dir.resolve(HfFolder.WEIGHTS), tensors, Map.of("format", "pt"));
            for (Path extra : ckpt.extraFiles()) {
                Files.copy(extra, dir.resolve(extra.getFileName()));
            }
            report = new BaselineReport(ckpt.source().toString(), baseline.method(), baseline.description(),
                    baseline.settings(), budget, g.layers(), g.layers() * g.parametersPerLayer(),
                    g.layers() * baseline.parametersPerLayer(), g.layers() * g.kvCacheValuesPerLayer(),
                    g.layers() * baseline.kvValuesPerLayer(), errors, (System.nanoTime() - t0) / 1e9);
            Files.writeString(dir.resolve(BaselineReport.FILE), report.toJson());
            staged.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return report;
    }

    /**
     * The layer's tensor names in the adapter's order (W_Q, W_K, W_V, W_O, then biases); refuses layouts
     * whose attention is not four separate projections of the canonical shapes (fused GPT-2, MLA).
     */
    private static List<String> names(Checkpoint ckpt, ArchitectureAdapter adapter, AttentionGeometry g, int layer) {
        Map<String, long[]> t = adapter.attentionTensors(ckpt, g, layer);
        List<String> names = new ArrayList<>(t.keySet());
        long[][] weights = {{(long) g.nH() * g.dH(), g.d()}, {(long) g.nKV() * g.dH(), g.d()},
            {(long) g.nKV() * g.dV(), g.d()}, {g.d(), (long) g.nH() * g.dV()}};
        boolean separate = g.mla().isEmpty() && names.size() >= 4;
        for (int k = 0; separate && k < 4; k++) {
            separate = java.util.Arrays.equals(t.get(names.get(k)), weights[k]);
        }
        if (!separate) {
            throw new CheckpointException(ckpt.source(), "baselines need separate query, key, value and output"
                    + " projections (llama, bert, vit); " + ckpt.config().modelType() + " stores them otherwise");
        }
        return names;
    }

    /** {@code ‖converted − original‖ / ‖original‖} over the four projection matrices. */
    private static double relativeError(AttentionWeights a, AttentionWeights b) {
        double diff = 0;
        double norm = 0;
        for (Function<AttentionWeights, Matrix> m : List.<Function<AttentionWeights, Matrix>>of(
                AttentionWeights::wq, AttentionWeights::wk, AttentionWeights::wv, AttentionWeights::wo)) {
            float[] x = m.apply(a).data();
            float[] y = m.apply(b).data();
            for (int k = 0; k < x.length; k++) {
                diff += (double) (x[k] - y[k]) * (x[k] - y[k]);
                norm += (double) x[k] * x[k];
            }
        }
        return norm == 0 ? 0 : Math.sqrt(diff / norm);
    }

    private BaselineCheckpoints() {}
}
