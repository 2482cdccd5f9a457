package org.tuckerattention.validation.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * The {@code tucker_attention} block of a compressed checkpoint's config.json (format version 1,
 * docs/checkpoint-format.md): the RoPE strategy and, per compressed layer, its tensor prefix and the
 * core storage of each side. Layers it does not list keep their original attention.
 */
record TuckerLayout(Rope rope, double latentTheta, Map<Integer, LayerSpec> layers) {

    /** The RoPE strategy of DESIGN §5.1. */
    enum Rope {
        NONE,
        HEAD,
        LATENT,
        /** MLA: the Tucker part of the logits has no rotation; the decoupled rope part is kept (DESIGN §7). */
        DECOUPLED
    }

    /** How one side's core is stored (DESIGN §5.2). */
    enum Storage {
        DENSE,
        HEAD_FACTORED
    }

    /** One compressed layer: its attention prefix and the storage of the pre- and post-softmax sides. */
    record LayerSpec(String prefix, Storage pre, Storage post) {}

    /** The block of {@code config}, or empty for an uncompressed checkpoint. */
    static Optional<TuckerLayout> of(HfConfig config) {
        Optional<ObjectNode> block = config.optionalObject("tucker_attention");
        if (block.isEmpty()) {
            return Optional.empty();
        }
        Path file = config.file();
        ObjectNode b = block.get();
        int version = b.path("format_version").asInt(-1);
        if (version != 1) {
            throw new CheckpointException(file, "tucker_attention.format_version " + b.get("format_version")
                    + " is not supported (this runtime reads version 1)");
        }
        Rope rope = parse(file, Rope.class, "tucker_attention.rope", b.path("rope").asText("none"));
        if (!b.path("scale_folded").asBoolean(true) || !b.path("biases_folded").asBoolean(true)) {
            throw new CheckpointException(file, "tucker_attention: only checkpoints with the scale and biases folded "
                    + "are supported");
        }
        Map<Integer, LayerSpec> layers = new HashMap<>();
        for (JsonNode l : b.path("layers")) {
            int layer = l.path("layer").asInt(-1);
            String prefix = l.path("prefix").asText("");
            if (layer < 0 || prefix.isEmpty()) {
                throw new CheckpointException(file, "tucker_attention.layers: every entry needs a layer and a prefix");
            }
            Storage pre = parse(file, Storage.class, "layer " + layer + " pre.storage", l.path("pre").path("storage").asText());
            Storage post = parse(file, Storage.class, "layer " + layer + " post.storage",
                    l.path("post").path("storage").asText());
            if (layers.put(layer, new LayerSpec(prefix, pre, post)) != null) {
                throw new CheckpointException(file, "tucker_attention.layers: layer " + layer + " is listed twice");
            }
        }
        return Optional.of(new TuckerLayout(rope, b.path("latent_rope_theta").asDouble(10000.0), layers));
    }

    private static <E extends Enum<E>> E parse(Path file, Class<E> type, String what, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, what + " '" + value + "' is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                            .toList());
        }
    }
}
