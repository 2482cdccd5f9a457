package org.tuckerattention.converter.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.MlaDims;

/** Renders a {@link ModelSummary} for people (aligned text) and for machines (JSON). */
public final class ModelSummaryReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The terminal form, at most 100 columns wide. */
    public static String text(ModelSummary s) {
        AttentionGeometry g = s.geometry();
        StringBuilder b = new StringBuilder();
        b.append(s.source()).append(": ").append(s.modelType());
        if (!s.architecture().isEmpty()) {
            b.append(" (").append(s.architecture()).append(')');
        }
        b.append('\n');
        line(b, "layers", Integer.toString(g.layers()));
        line(b, "width d", Integer.toString(g.d()));
        line(b, "attention", attention(g));
        line(b, "RoPE", g.rope().toString());
        line(b, "biases", biases(g));
        line(b, "tensors", s.tensorsByDType().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", ")));
        line(b, "parameters", "%,d in all; attention %,d (%,d per layer, %.1f %%)".formatted(
                s.totalParameters(), s.attentionParameters(), g.parametersPerLayer(),
                100.0 * s.attentionParameters() / Math.max(1, s.totalParameters())));
        line(b, "KV cache", "%,d values per token per layer, %,d per token".formatted(
                g.kvCacheValuesPerLayer(), s.kvCacheValuesPerToken()));
        line(b, "Tucker ranks", "structural (head, query|output, key|value) of the original mechanism");
        String preName = g.rope().present() ? "W_i = Q_i K_g(i)^T  (RoPE offset 0)" : "W_i = Q_i K_g(i)^T";
        b.append("    pre-softmax   %-37s %-16s of %s%n".formatted(
                preName, triple(s.ranks().pre()), triple(s.ranks().preDims())));
        b.append("    post-softmax  %-37s %-16s of %s%n".formatted(
                "W~_i = (V_g(i) O_i)^T", triple(s.ranks().post()), triple(s.ranks().postDims())));
        return b.toString();
    }

    /** The machine form: every figure of the text, with stable key names. */
    public static String json(ModelSummary s) {
        AttentionGeometry g = s.geometry();
        ObjectNode root = JSON.createObjectNode();
        root.put("source", s.source());
        root.put("model_type", s.modelType());
        root.put("architecture", s.architecture());
        root.put("layers", g.layers());
        root.put("hidden_size", g.d());
        root.put("mechanism", g.mechanism().name());
        root.put("query_heads", g.nH());
        root.put("kv_heads", g.nKV());
        root.put("head_dim", g.dH());
        root.put("value_head_dim", g.dV());
        g.mla().ifPresent(m -> {
            ObjectNode mla = root.putObject("mla");
            mla.put("q_lora_rank", m.qLoraRank());
            mla.put("kv_lora_rank", m.kvLoraRank());
            mla.put("qk_nope_head_dim", m.qkNopeHeadDim());
            mla.put("qk_rope_head_dim", m.qkRopeHeadDim());
            mla.put("v_head_dim", m.vHeadDim());
        });
        ObjectNode rope = root.putObject("rope");
        rope.put("layout", g.rope().layout().name().toLowerCase(Locale.ROOT));
        rope.put("theta", g.rope().theta());
        rope.put("dims", g.rope().dims());
        root.put("qkv_bias", g.qkvBias());
        root.put("output_bias", g.outputBias());
        ObjectNode types = root.putObject("tensors_by_dtype");
        s.tensorsByDType().forEach((t, n) -> types.put(t.name(), n));
        root.put("total_parameters", s.totalParameters());
        root.put("attention_parameters", s.attentionParameters());
        root.put("attention_parameters_per_layer", g.parametersPerLayer());
        root.put("kv_cache_values_per_token_per_layer", g.kvCacheValuesPerLayer());
        root.put("kv_cache_values_per_token", s.kvCacheValuesPerToken());
        ObjectNode ranks = root.putObject("structural_ranks");
        ranks.set("pre_softmax", array(s.ranks().pre()));
        ranks.set("pre_softmax_dims", array(s.ranks().preDims()));
        ranks.set("post_softmax", array(s.ranks().post()));
        ranks.set("post_softmax_dims", array(s.ranks().postDims()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String attention(AttentionGeometry g) {
        return switch (g.mechanism()) {
            case MHA -> "MHA, %d heads of %d".formatted(g.nH(), g.dH());
            case GQA -> "GQA, %d query heads, %d key/value heads, head dim %d".formatted(g.nH(), g.nKV(), g.dH());
            case MQA -> "MQA, %d query heads, 1 key/value head, head dim %d".formatted(g.nH(), g.dH());
            case MLA -> {
                MlaDims m = g.mla().orElseThrow();
                yield "MLA, %d heads, q latent %s, kv latent %d, head %d + rope %d, value %d".formatted(
                        g.nH(), m.hasQueryLatent() ? Integer.toString(m.qLoraRank()) : "none",
                        m.kvLoraRank(), m.qkNopeHeadDim(), m.qkRopeHeadDim(), m.vHeadDim());
            }
        };
    }

    private static String biases(AttentionGeometry g) {
        if (g.qkvBias() && g.outputBias()) {
            return "query, key, value, output";
        }
        if (g.qkvBias()) {
            return "query, key, value";
        }
        return g.outputBias() ? "output" : "none";
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append("  %-14s %s%n".formatted(key, value));
    }

    private static String triple(int[] v) {
        return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    private static ArrayNode array(int[] v) {
        ArrayNode a = JSON.createArrayNode();
        Arrays.stream(v).forEach(a::add);
        return a;
    }

    private ModelSummaryReport() {}
}
