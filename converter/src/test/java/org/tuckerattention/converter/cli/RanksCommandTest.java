package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;

/** {@code tucker ranks} on the real stories260K: the GQA structure shows in every layer. */
class RanksCommandTest {

    @Test
    void stories260KShowsKeyRank32OfEveryLayerAndWritesTheReport(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("report");
        CliRun run = CliRun.of("ranks", SharedData.stories260K().resolve("hf-f32").toString(),
                "--out", out.toString(), "--products", "EJML");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("taken at RoPE offset 0"), run.out());
        assertTrue(run.out().lines().allMatch(l -> l.length() <= 100));
        assertEquals(10, run.out().lines().filter(l -> l.matches("\\s+(key|value)\\s+64\\s+32\\*\\s+32\\s.*")).count(),
                run.out());

        JsonNode j = new ObjectMapper().readTree(out.resolve("ranks.json").toFile());
        assertEquals(5, j.path("layers").size());
        for (JsonNode layer : j.path("layers")) {
            JsonNode modes = layer.path("pre_softmax").path("modes");
            assertEquals(8, modes.get(0).path("numerical_rank").asInt());
            assertEquals(64, modes.get(1).path("numerical_rank").asInt());
            assertEquals(32, modes.get(2).path("numerical_rank").asInt());
            assertTrue(modes.get(1).path("energy_ranks").get(1).asInt() > 0, "95 % energy rank reported");
        }
        assertTrue(Files.readString(out.resolve("ranks.html")).contains("data:image/png;base64,"));
        assertTrue(Files.exists(out.resolve("ranks.md")));
    }

    @Test
    void toleranceOutOfRangeIsAUsageError() {
        CliRun run = CliRun.of("ranks", SharedData.stories260K().resolve("hf-f32").toString(), "--tol", "1.5");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: --tol must be in [0, 1), got 1.5", run.errLines()[0]);
    }
}
