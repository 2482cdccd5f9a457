package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code tucker bench decompose}: what it reports (not how fast: speed is for benchmarks). */
class BenchCommandTest {

    @Test
    void reportsMinMedianMaxOfEveryFigure() throws Exception {
        CliRun run = CliRun.of("bench", "decompose", "--d", "24", "--heads", "4", "--head-dim", "6",
                "--kv-heads", "2", "--ranks", "4,24,12", "--repeat", "2", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = new ObjectMapper().readTree(run.out());
        assertEquals("[4,24,12]", j.path("shape").path("ranks").toString());
        assertEquals(2, j.path("runs").asInt());
        JsonNode total = j.path("total_seconds");
        assertTrue(total.path("min").asDouble() <= total.path("median").asDouble());
        assertTrue(total.path("median").asDouble() <= total.path("max").asDouble());
        // At the structural ranks of GQA (key mode nKV·dH = 12) both tensors are exact.
        assertEquals(0, j.path("pre_softmax_relative_error").asDouble(), 1e-6);
        assertEquals(0, j.path("post_softmax_relative_error").asDouble(), 1e-6);
    }

    @Test
    void rankAboveItsDimensionIsABadInput() {
        CliRun run = CliRun.of("bench", "decompose", "--d", "16", "--heads", "4", "--head-dim", "4",
                "--ranks", "4,32,8");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: rank 32 for mode 'query' exceeds its dimension 16", run.err().strip());
    }

    @Test
    void malformedRanksAreAUsageError() {
        CliRun run = CliRun.of("bench", "decompose", "--d", "16", "--heads", "4", "--head-dim", "4", "--ranks", "4,8");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.errLines()[0].contains("expected three ranks r1,r2,r3 but got '4,8'"), run.err());
    }
}
