package org.tuckerattention.validation.comparison;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * One compressed layer as the candidate's {@code tucker_attention} block records it: storage, ranks and
 * relative decomposition error of each side (docs/checkpoint-format.md).
 */
public record LayerDecomposition(int layer, Side pre, Side post) {

    /** One side of a layer; {@code relativeError} is NaN when the block does not state it. */
    public record Side(String storage, List<Integer> ranks, double relativeError) {

        static Side of(JsonNode n) {
            List<Integer> ranks = new ArrayList<>();
            n.path("ranks").forEach(r -> ranks.add(r.asInt()));
            double error = n.has("relative_error") ? n.get("relative_error").asDouble() : Double.NaN;
            return new Side(n.path("storage").asText("?"), List.copyOf(ranks), error);
        }
    }

    /** The compressed layers of {@code config}, in file order; empty for an uncompressed checkpoint. */
    public static List<LayerDecomposition> of(HfConfig config) {
        List<LayerDecomposition> out = new ArrayList<>();
        config.optionalObject("tucker_attention").ifPresent(b -> b.path("layers").forEach(l -> out.add(
                new LayerDecomposition(l.path("layer").asInt(), Side.of(l.path("pre")), Side.of(l.path("post"))))));
        return out;
    }
}
