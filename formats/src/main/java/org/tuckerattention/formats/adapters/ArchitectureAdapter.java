package org.tuckerattention.formats.adapters;

import java.util.List;
import java.util.Map;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * Reads one family of checkpoint layouts into the canonical attention record (DESIGN §3). An adapter
 * is a mapping from Hugging Face names to {@link AttentionWeights}; it holds no state.
 */
public interface ArchitectureAdapter {

    /** The {@code model_type} values of config.json this adapter reads, e.g. "gpt2". */
    List<String> modelTypes();

    /** Head counts, sizes, biases and RoPE; fails naming config.json and the missing or bad key. */
    AttentionGeometry geometry(HfConfig config);

    /**
     * Canonical weights of one layer; tensors are read only now. Fails naming the file and tensor when a
     * tensor is missing or mis-shaped.
     */
    AttentionWeights attention(Checkpoint checkpoint, AttentionGeometry geometry, int layer);

    /**
     * Names and shapes of the tensors {@link #attention} reads for one layer, in reading order, so a
     * checkpoint can be checked from its headers alone (no weights read).
     */
    Map<String, long[]> attentionTensors(Checkpoint checkpoint, AttentionGeometry geometry, int layer);

    /** Fails naming file and tensor unless every layer's attention tensors exist with their shapes. */
    default void checkTensors(Checkpoint checkpoint, AttentionGeometry geometry) {
        for (int layer = 0; layer < geometry.layers(); layer++) {
            attentionTensors(checkpoint, geometry, layer).forEach(checkpoint::requireShape);
        }
    }
}
