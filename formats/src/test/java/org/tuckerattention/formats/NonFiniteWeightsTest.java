package org.tuckerattention.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.tensor.DType;

/** Weights with NaN or ±Inf are refused where they are read, naming file, tensor and element. */
class NonFiniteWeightsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void aNonFiniteMatrixEntryIsNamed(float bad) throws IOException {
        SyntheticCheckpoint model = SyntheticModels.llama("llama", true);
        model.values("model.layers.1.self_attn.k_proj.weight")[2 * 24 + 5] = bad;
        Path folder = model.writeHfFolder(dir.resolve("m"), DType.F32);
        CheckpointException e = assertThrows(CheckpointException.class, () -> readAttention(folder, 1));
        assertEquals("model.safetensors: tensor 'model.layers.1.self_attn.k_proj.weight' holds " + bad + " at [2, 5]",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16"})
    void halfPrecisionOverflowToInfinityIsNamedToo(String dtype) throws IOException {
        SyntheticCheckpoint model = SyntheticModels.llama("qwen2", true);
        model.values("model.layers.0.self_attn.v_proj.bias")[7] = Float.POSITIVE_INFINITY;
        Path folder = model.writeHfFolder(dir.resolve("m"), DType.valueOf(dtype));
        CheckpointException e = assertThrows(CheckpointException.class, () -> readAttention(folder, 0));
        assertEquals("model.safetensors: tensor 'model.layers.0.self_attn.v_proj.bias' holds Infinity at [7]",
                e.getMessage());
    }

    private static void readAttention(Path folder, int layer) {
        try (Checkpoint c = Checkpoints.open(folder)) {
            ArchitectureAdapter adapter = Adapters.forConfig(c.config());
            AttentionGeometry g = adapter.geometry(c.config());
            adapter.attention(c, g, layer);
        }
    }
}
