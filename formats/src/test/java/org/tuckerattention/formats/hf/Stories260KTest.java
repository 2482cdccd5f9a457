package org.tuckerattention.formats.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.safetensors.SafetensorsFile;
import org.tuckerattention.formats.safetensors.SafetensorsReader;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.HalfPrecision;
import org.tuckerattention.formats.tensor.TensorRef;

/** The real stories260K checkpoints (DESIGN §10): 5 Llama layers, d = 64, 8 query and 4 KV heads of 8. */
class Stories260KTest {

    private static Path folder(String variant) {
        return SharedData.stories260K().resolve(variant);
    }

    @Test
    void f32FolderHasTheLlamaTensorsAndShapes() {
        try (Checkpoint c = HfFolder.open(folder("hf-f32"))) {
            assertEquals("llama", c.config().modelType());
            assertEquals(47, c.tensorNames().size()); // 9 per layer x 5 + embeddings + final norm
            TensorRef q = c.tensor("model.layers.0.self_attn.q_proj.weight");
            assertEquals(DType.F32, q.dtype());
            assertArrayEquals(new long[] {64, 64}, q.shape());
            assertArrayEquals(new long[] {32, 64}, c.tensor("model.layers.0.self_attn.k_proj.weight").shape());
            assertArrayEquals(new long[] {32, 64}, c.tensor("model.layers.4.self_attn.v_proj.weight").shape());
            assertArrayEquals(new long[] {64, 172}, c.tensor("model.layers.0.mlp.down_proj.weight").shape());
            assertArrayEquals(new long[] {512, 64}, c.tensor("model.embed_tokens.weight").shape());
            // First values of the embedding, read from the file by an independent parser.
            assertArrayEquals(new float[] {-0.29474878f, 0.5618956f, 0.17542253f, 0.3405736f},
                    c.tensor("model.embed_tokens.weight").floats(0, 4));
        }
    }

    @Test
    void bf16FileIsTheF32FileRoundedToNearestEven() throws Exception {
        try (SafetensorsFile f32 = SafetensorsReader.open(folder("hf-f32").resolve("model.safetensors"));
                SafetensorsFile bf16 = SafetensorsReader.open(folder("hf-bf16").resolve("model.safetensors"))) {
            assertEquals(Map.of("format", "pt"), f32.metadata());
            assertEquals(f32.tensors().keySet(), bf16.tensors().keySet());
            long compared = 0;
            for (TensorRef wide : f32.tensors().values()) {
                TensorRef narrow = bf16.tensors().get(wide.name());
                assertEquals(DType.F32, wide.dtype());
                assertEquals(DType.BF16, narrow.dtype(), wide.name());
                assertArrayEquals(wide.shape(), narrow.shape(), wide.name());
                float[] values = wide.floats();
                ByteBuffer bits = narrow.rawBytes(0, (int) narrow.byteSize());
                for (float v : values) {
                    assertEquals(HalfPrecision.toBf16(v), bits.getShort(), wide.name());
                }
                compared += values.length;
            }
            assertEquals(260_032, compared);
        }
    }
}
