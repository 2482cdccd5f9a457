package org.tuckerattention.converter.compress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.converter.calibration.TextIdentity;

/** The {@code "tucker_attention"} object of a compressed config.json (docs/checkpoint-format.md). */
final class TuckerAttentionBlock {

    static final String KEY = "tucker_attention";
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param weighting the head-RoPE weighting (written only for {@link RopeStrategy#HEAD})
     * @param latentTheta the latent rotary base (written only for {@link RopeStrategy#LATENT})
     * @param sourceFiles sha256 of each weight file of the input, by file name
     */
    static ObjectNode of(RopeStrategy rope, RopeWeighting weighting, Optional<Double> latentTheta,
            List<LayerResult> layers, String sourceName, Map<String, String> sourceFiles, String toolVersion) {
        ObjectNode block = JSON.createObjectNode();
        block.put("format_version", FORMAT_VERSION);
        block.put("rope", rope.configName());
        if (rope == RopeStrategy.HEAD) {
            block.put("rope_weighting", weighting.configName());
        }
        if (rope == RopeStrategy.LATENT) {
            block.put("latent_rope_theta", latentTheta.orElseThrow());
        }
        block.put("scale_folded", true);
        block.put("biases_folded", true);
        ArrayNode list = block.putArray("layers");
        for (LayerResult l : layers) {
            ObjectNode o = list.addObject();
            o.put("layer", l.layer());
            o.put("prefix", l.prefix());
            side(o.putObject("pre"), l.pre());
            side(o.putObject("post"), l.post());
        }
        ObjectNode source = block.putObject("source");
        source.put("name", sourceName);
        ObjectNode files = source.putObject("files");
        sourceFiles.forEach(files::put);
        block.put("tool_version", toolVersion);
        return block;
    }

    /** Records the calibration text in {@code block}, for {@code tucker validate}'s overlap warning. */
    static void calibration(ObjectNode block, TextIdentity text) {
        ObjectNode o = block.putObject("calibration");
        o.put("file", text.file());
        o.put("sha256", text.sha256());
        o.put("tokens", text.tokens());
        ArrayNode sample = o.putArray("line_sample");
        text.lineSample().forEach(sample::add);
    }

    /** Storage, ranks and error of one side. */
    static void side(ObjectNode o, SideSummary s) {
        o.put("storage", s.storageName());
        ArrayNode ranks = o.putArray("ranks");
        for (int r : s.ranks()) {
            ranks.add(r);
        }
        o.put("relative_error", s.relativeError());
    }

    private TuckerAttentionBlock() {}
}
