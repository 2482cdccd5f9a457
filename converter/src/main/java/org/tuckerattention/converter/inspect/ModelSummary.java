package org.tuckerattention.converter.inspect;

import java.util.Map;
import java.util.TreeMap;
import org.tuckerattention.converter.ranks.StructuralRanks;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * What {@code tucker inspect} reports about a checkpoint: its architecture, attention geometry,
 * parameter and KV-cache counts, and the structural Tucker ranks of both tensors (DESIGN §4).
 * Computed from the config and tensor headers only: every layer's attention tensors are checked
 * for presence and shape, but no weights are read.
 *
 * @param source the file or folder inspected
 * @param modelType config.json {@code model_type}
 * @param architecture config.json {@code architectures[0]}, or "" when absent
 * @param geometry heads, sizes, biases and RoPE
 * @param tensorsByDType how many tensors are stored in each type
 * @param totalParameters elements of every tensor in the checkpoint
 * @param attentionParameters elements of every layer's attention projections (and biases)
 * @param ranks structural ranks of the original mechanism
 */
public record ModelSummary(
        String source,
        String modelType,
        String architecture,
        AttentionGeometry geometry,
        Map<DType, Integer> tensorsByDType,
        long totalParameters,
        long attentionParameters,
        StructuralRanks ranks) {

    public static ModelSummary of(Checkpoint ckpt) {
        ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
        AttentionGeometry g = adapter.geometry(ckpt.config());
        adapter.checkTensors(ckpt, g);
        Map<DType, Integer> byType = new TreeMap<>();
        long total = 0;
        for (TensorRef t : ckpt.tensors().values()) {
            byType.merge(t.dtype(), 1, Integer::sum);
            total += t.elementCount();
        }
        return new ModelSummary(
                ckpt.source().toString(),
                ckpt.config().modelType(),
                ckpt.config().architectures().stream().findFirst().orElse(""),
                g,
                byType,
                total,
                g.parametersPerLayer() * g.layers(),
                StructuralRanks.of(g));
    }

    /** Values one token adds to the KV cache over all layers, as the original mechanism stores them. */
    public long kvCacheValuesPerToken() {
        return geometry.kvCacheValuesPerLayer() * geometry.layers();
    }
}
