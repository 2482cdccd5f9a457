package org.tuckerattention.converter.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tuckerattention.formats.safetensors.SafetensorsWriter;
import org.tuckerattention.formats.safetensors.TensorSource;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.HalfPrecision;

/**
 * A Llama-architecture Hugging Face folder of any size with seeded uniform weights (variance 1/in, as a
 * standard initialisation), written as BF16 safetensors without holding a tensor in memory: attention
 * and norms at the given shape, a small FFN and vocabulary so the file is mostly attention.
 *
 * @param layers transformer layers
 * @param d model width
 * @param heads query heads
 * @param kvHeads key/value heads
 * @param headDim head width
 * @param ffn FFN width (small: only attention is compressed)
 * @param vocab vocabulary size
 * @param seed weight seed
 */
public record SyntheticLlamaCheckpoint(int layers, int d, int heads, int kvHeads, int headDim, int ffn, int vocab, long seed) {

    /** Writes config.json and model.safetensors into {@code dir} (created); returns {@code dir}. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": %d,
                 "num_attention_heads": %d, "num_key_value_heads": %d, "head_dim": %d, "num_hidden_layers": %d,
                 "intermediate_size": %d, "vocab_size": %d, "rope_theta": 10000.0, "rms_norm_eps": 1e-05,
                 "torch_dtype": "bfloat16"}
                """.formatted(d, heads, kvHeads, headDim, layers, ffn, vocab));
        List<TensorSource> tensors = new ArrayList<>();
        long stream = seed;
        tensors.add(uniform("model.embed_tokens.weight", stream++, vocab, d));
        tensors.add(uniform("lm_head.weight", stream++, vocab, d));
        tensors.add(ones("model.norm.weight", d));
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            tensors.add(uniform(p + "self_attn.q_proj.weight", stream++, (long) heads * headDim, d));
            tensors.add(uniform(p + "self_attn.k_proj.weight", stream++, (long) kvHeads * headDim, d));
            tensors.add(uniform(p + "self_attn.v_proj.weight", stream++, (long) kvHeads * headDim, d));
            tensors.add(uniform(p + "self_attn.o_proj.weight", stream++, d, (long) heads * headDim));
            tensors.add(uniform(p + "mlp.gate_proj.weight", stream++, ffn, d));
            tensors.add(uniform(p + "mlp.up_proj.weight", stream++, ffn, d));
            tensors.add(uniform(p + "mlp.down_proj.weight", stream++, d, ffn));
            tensors.add(ones(p + "input_layernorm.weight", d));
            tensors.add(ones(p + "post_attention_layernorm.weight", d));
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        return dir;
    }

    /** Bytes of the weights file this checkpoint writes. */
    public long weightBytes() {
        long perLayer = (long) d * headDim * (2L * heads + 2L * kvHeads) + 3L * d * ffn + 2L * d;
        return 2 * (perLayer * layers + 2L * vocab * d + d);
    }

    private static TensorSource uniform(String name, long seed, long rows, long cols) {
        double bound = Math.sqrt(3.0 / cols);
        return new Generated(name, new long[] {rows, cols}, seed, bound);
    }

    private static TensorSource ones(String name, long length) {
        return new Generated(name, new long[] {length}, 0, 0);
    }

    /** BF16 values drawn uniformly from [-bound, bound) (or all ones for bound 0), streamed in chunks. */
    private record Generated(String name, long[] shape, long seed, double bound) implements TensorSource {

        private static final int CHUNK = 1 << 20;

        @Override
        public DType dtype() {
            return DType.BF16;
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            long count = 1;
            for (long s : shape) {
                count *= s;
            }
            SplittableRandom random = new SplittableRandom(seed);
            ByteBuffer buffer = ByteBuffer.allocate(2 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(CHUNK, count - done);
                buffer.clear();
                for (int i = 0; i < n; i++) {
                    float v = bound == 0 ? 1f : (float) ((2 * random.nextDouble() - 1) * bound);
                    buffer.putShort(HalfPrecision.toBf16(v));
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                done += n;
            }
        }
    }
}
