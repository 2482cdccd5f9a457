package org.tuckerattention.converter.ranks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The machine form of a {@link RankReport} ({@code ranks.json}): every number, full spectra and candidate
 * errors included, under stable snake_case keys (DESIGN §4). Doubles are written so they parse back
 * bit for bit. Layout, per layer {@code pre_softmax} and {@code post_softmax} tensors, each with
 * {@code modes[]} of {@code name, dim, structural, numerical_rank, energy_ranks[] (aligned with the
 * top-level energies[]), stable_rank, singular_values[]}, then {@code candidates[]} of
 * {@code ranks, relative_error, parameters}, {@code tolerance}, {@code smallest_for_tolerance} (null when
 * no candidate met it) and {@code error_at_smallest}.
 */
public final class RankReportJson {

    /** Bumped when a key is renamed or removed; new keys do not bump it. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    // Arrays on one line: a 4096-value spectrum would otherwise take 4096 lines.
    private static final DefaultPrettyPrinter PRINTER =
            new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);

    private RankReportJson() {}

    /** The report as pretty-printed JSON, ending in a newline. */
    public static String write(RankReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("source", r.source());
        root.put("model_type", r.modelType());
        root.put("mechanism", r.mechanism());
        root.put("rope_at_zero_offset", r.ropeAtZeroOffset());
        root.put("threshold", r.threshold());
        root.put("spectrum_resolution", Spectrum.RESOLUTION);
        root.set("energies", doubles(r.energies()));
        root.put("seconds", r.seconds());
        ArrayNode layers = root.putArray("layers");
        for (LayerRanks l : r.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("layer", l.layer());
            layer.set("pre_softmax", tensor(l.pre(), r));
            layer.set("post_softmax", tensor(l.post(), r));
        }
        try {
            return JSON.writer(PRINTER).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode tensor(TensorRanks t, RankReport r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("tensor", t.tensor());
        ArrayNode modes = node.putArray("modes");
        List<ModeFigures> figures = ModeFigures.of(t, r.threshold(), r.energies());
        for (int n = 0; n < figures.size(); n++) {
            ModeFigures m = figures.get(n);
            ObjectNode mode = modes.addObject();
            mode.put("name", m.mode());
            mode.put("dim", m.dim());
            mode.put("structural", m.structural());
            mode.put("numerical_rank", m.numericalRank());
            mode.set("energy_ranks", ints(m.energyRanks()));
            mode.put("stable_rank", m.stableRank());
            mode.set("singular_values", doubles(t.spectra().get(n).values()));
        }
        ArrayNode candidates = node.putArray("candidates");
        for (CandidateError c : t.candidates()) {
            ObjectNode candidate = candidates.addObject();
            candidate.set("ranks", ints(c.ranks()));
            candidate.put("relative_error", c.relativeError());
            candidate.put("parameters", c.parameters());
        }
        node.put("tolerance", t.tolerance());
        if (t.smallestForTolerance() == null) {
            node.putNull("smallest_for_tolerance");
        } else {
            node.set("smallest_for_tolerance", ints(t.smallestForTolerance()));
        }
        node.put("error_at_smallest", t.errorAtSmallest());
        return node;
    }

    private static ArrayNode ints(int[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    private static ArrayNode doubles(double[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }
}
