package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ranks.json: every number of the report parses back exactly, under the documented keys. */
class RankReportJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyNumberRoundTripsBitForBit() throws Exception {
        RankReport r = SyntheticRankReports.gqa(5);
        JsonNode root = JSON.readTree(RankReportJson.write(r));
        assertEquals(RankReportJson.SCHEMA_VERSION, root.get("schema_version").asInt());
        assertEquals(r.source(), root.get("source").asText());
        assertEquals(r.modelType(), root.get("model_type").asText());
        assertEquals(r.mechanism(), root.get("mechanism").asText());
        assertTrue(root.get("rope_at_zero_offset").asBoolean());
        assertEquals(r.threshold(), root.get("threshold").asDouble());
        assertEquals(Spectrum.RESOLUTION, root.get("spectrum_resolution").asDouble());
        assertArrayEquals(r.energies(), doubles(root.get("energies")));
        assertEquals(r.seconds(), root.get("seconds").asDouble());
        assertEquals(5, root.get("layers").size());
        for (int l = 0; l < 5; l++) {
            JsonNode layer = root.get("layers").get(l);
            assertEquals(l, layer.get("layer").asInt());
            tensor(r, r.layers().get(l).pre(), layer.get("pre_softmax"));
            tensor(r, r.layers().get(l).post(), layer.get("post_softmax"));
        }
    }

    @Test
    void gqaKeyModeReadsStructuralThirtyTwoOfSixtyFour() throws Exception {
        JsonNode key = JSON.readTree(RankReportJson.write(SyntheticRankReports.gqa(2)))
                .at("/layers/1/pre_softmax/modes/2");
        assertEquals("key", key.get("name").asText());
        assertEquals(64, key.get("dim").asInt());
        assertEquals(32, key.get("structural").asInt());
        assertEquals(32, key.get("numerical_rank").asInt());
        assertEquals(64, key.get("singular_values").size());
        assertEquals(0.0, key.get("singular_values").get(40).asDouble());
    }

    @Test
    void missingSmallestTripleIsNull() throws Exception {
        RankReport r = SyntheticRankReports.gqa(1);
        TensorRanks pre = r.layers().get(0).pre();
        TensorRanks none = new TensorRanks(pre.tensor(), pre.modes(), pre.dims(), pre.structural(), pre.spectra(),
                List.of(), 1e-9, null, Double.NaN);
        RankReport changed = new RankReport(r.source(), r.modelType(), r.mechanism(), false, r.threshold(),
                r.energies(), List.of(new LayerRanks(0, none, r.layers().get(0).post())), r.seconds());
        JsonNode pre0 = JSON.readTree(RankReportJson.write(changed)).at("/layers/0/pre_softmax");
        assertTrue(pre0.get("smallest_for_tolerance").isNull());
        assertEquals(0, pre0.get("candidates").size());
        assertEquals(1e-9, pre0.get("tolerance").asDouble());
    }

    private static void tensor(RankReport r, TensorRanks t, JsonNode node) {
        assertEquals(t.tensor(), node.get("tensor").asText());
        for (int n = 0; n < 3; n++) {
            JsonNode mode = node.get("modes").get(n);
            Spectrum s = t.spectra().get(n);
            assertEquals(t.modes().get(n), mode.get("name").asText());
            assertEquals(t.dims()[n], mode.get("dim").asInt());
            assertEquals(t.structural()[n], mode.get("structural").asInt());
            assertEquals(s.rankAtRelativeThreshold(r.threshold()), mode.get("numerical_rank").asInt());
            for (int e = 0; e < r.energies().length; e++) {
                assertEquals(s.energyRank(r.energies()[e]), mode.get("energy_ranks").get(e).asInt());
            }
            assertEquals(s.stableRank(), mode.get("stable_rank").asDouble());
            assertArrayEquals(s.values(), doubles(mode.get("singular_values")));
        }
        assertEquals(t.candidates().size(), node.get("candidates").size());
        for (int c = 0; c < t.candidates().size(); c++) {
            CandidateError expected = t.candidates().get(c);
            JsonNode candidate = node.get("candidates").get(c);
            assertArrayEquals(expected.ranks(), ints(candidate.get("ranks")));
            assertEquals(expected.relativeError(), candidate.get("relative_error").asDouble());
            assertEquals(expected.parameters(), candidate.get("parameters").asLong());
        }
        assertEquals(t.tolerance(), node.get("tolerance").asDouble());
        assertArrayEquals(t.smallestForTolerance(), ints(node.get("smallest_for_tolerance")));
        assertEquals(t.errorAtSmallest(), node.get("error_at_smallest").asDouble());
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }
}
