package org.tuckerattention.converter.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorBytes;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * A Llama checkpoint of a given shape with seeded Gaussian weights (scaled 1/√in, norms 1), held in
 * memory, for timing the runtime at shapes no real checkpoint here has (e.g. Llama-3-8B attention,
 * DESIGN §9). Head width is {@code d / heads}; RoPE theta 500000 as Llama 3.
 */
public final class SyntheticLlama {

    /** The shape, written {@code d=4096,heads=32,kv-heads=8,layers=4,ffn=1024,vocab=512,ctx=4096}. */
    public record Shape(int d, int heads, int kvHeads, int layers, int ffn, int vocab, int ctx) {

        /** Parses the written form; every key is required once. */
        public static Shape parse(String text) {
            Map<String, Integer> v = new LinkedHashMap<>();
            for (String part : text.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected key=value, got '" + part + "'");
                }
                v.put(kv[0].strip(), Integer.parseInt(kv[1].strip()));
            }
            List<String> keys = List.of("d", "heads", "kv-heads", "layers", "ffn", "vocab", "ctx");
            if (!v.keySet().equals(new java.util.HashSet<>(keys)) || v.values().stream().anyMatch(x -> x <= 0)) {
                throw new IllegalArgumentException("needs positive " + String.join(", ", keys) + ", got '" + text + "'");
            }
            if (v.get("d") % v.get("heads") != 0 || v.get("heads") % v.get("kv-heads") != 0) {
                throw new IllegalArgumentException("heads must divide d and kv-heads must divide heads: '" + text + "'");
            }
            return new Shape(v.get("d"), v.get("heads"), v.get("kv-heads"), v.get("layers"), v.get("ffn"), v.get("vocab"),
                    v.get("ctx"));
        }

        @Override
        public String toString() {
            return "d=%d,heads=%d,kv-heads=%d,layers=%d,ffn=%d,vocab=%d,ctx=%d".formatted(d, heads, kvHeads, layers, ffn,
                    vocab, ctx);
        }
    }

    public static Checkpoint build(Shape s, long seed) {
        Path source = Path.of("synthetic-llama");
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama").put("hidden_size", s.d()).put("num_attention_heads", s.heads())
                .put("num_key_value_heads", s.kvHeads()).put("num_hidden_layers", s.layers())
                .put("intermediate_size", s.ffn()).put("vocab_size", s.vocab()).put("max_position_embeddings", s.ctx())
                .put("rope_theta", 500000.0).put("rms_norm_eps", 1e-5).put("tie_word_embeddings", false);
        SplittableRandom random = new SplittableRandom(seed);
        int kv = s.d() / s.heads() * s.kvHeads();
        Map<String, TensorRef> t = new LinkedHashMap<>();
        gaussian(t, random, "model.embed_tokens.weight", s.vocab(), s.d());
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            ones(t, p + "input_layernorm.weight", s.d());
            gaussian(t, random, p + "self_attn.q_proj.weight", s.d(), s.d());
            gaussian(t, random, p + "self_attn.k_proj.weight", kv, s.d());
            gaussian(t, random, p + "self_attn.v_proj.weight", kv, s.d());
            gaussian(t, random, p + "self_attn.o_proj.weight", s.d(), s.d());
            ones(t, p + "post_attention_layernorm.weight", s.d());
            gaussian(t, random, p + "mlp.gate_proj.weight", s.ffn(), s.d());
            gaussian(t, random, p + "mlp.up_proj.weight", s.ffn(), s.d());
            gaussian(t, random, p + "mlp.down_proj.weight", s.d(), s.ffn());
        }
        ones(t, "model.norm.weight", s.d());
        gaussian(t, random, "lm_head.weight", s.vocab(), s.d());
        return new Checkpoint(source, new HfConfig(source.resolve("config.json"), c), t, List.of(), List.of());
    }

    private static void gaussian(Map<String, TensorRef> t, SplittableRandom random, String name, int rows, int cols) {
        FloatBuffer f = put(t, name, rows, cols);
        double scale = 1 / Math.sqrt(cols);
        for (long i = 0, n = (long) rows * cols; i < n; i += 2) {
            // Box-Muller: two Gaussians per pair of uniforms.
            double r = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * scale;
            double a = 2 * Math.PI * random.nextDouble();
            f.put((float) (r * Math.cos(a)));
            if (i + 1 < n) {
                f.put((float) (r * Math.sin(a)));
            }
        }
    }

    private static void ones(Map<String, TensorRef> t, String name, int length) {
        FloatBuffer f = put(t, name, length);
        while (f.hasRemaining()) {
            f.put(1f);
        }
    }

    private static FloatBuffer put(Map<String, TensorRef> t, String name, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        t.put(name, new TensorRef(name, DType.F32, shape, Path.of(name), TensorBytes.inMemory(b)));
        return b.asFloatBuffer();
    }

    private SyntheticLlama() {}
}
