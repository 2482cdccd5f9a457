package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;

/** {@code tucker baseline}: the conversion, what validate says of it, and refusals. */
class BaselineCommandTest {

    private final Path stories = SharedData.stories260K().resolve("hf-f32");

    @Test
    void gqaPoolingIsWrittenAndValidateReportsWhatItWouldStore(@TempDir Path tmp) {
        Path out = tmp.resolve("gqa");
        CliRun convert = CliRun.of("baseline", stories.toString(), out.toString(), "--method", "gqa", "--kv-heads", "2");
        assertEquals(0, convert.exitCode(), convert.err());
        assertTrue(convert.out().contains("attention parameters  61,440 -> 51,200 (83.3 %)"), convert.out());
        assertTrue(convert.out().contains("KV cache              320 -> 160 values per token"), convert.out());
        CliRun validate = CliRun.of("validate", stories.toString(), out.toString(), "--text",
                SharedData.require("data/brown-fiction.txt").toString(), "--ctx", "64", "--chunks", "1",
                "--device", "cpu");
        assertEquals(0, validate.exitCode(), validate.err());
        assertTrue(validate.out().contains("baseline gqa (4 -> 2 key/value heads), run densely; as that mechanism"
                + " stores it: attention parameters 61,440 -> 51,200, KV cache 320 -> 160 values per token"),
                validate.out());
    }

    @Test
    void refusesGqaWithoutADividingHeadCount(@TempDir Path tmp) {
        Path out = tmp.resolve("x");
        CliRun run = CliRun.of("baseline", stories.toString(), out.toString(), "--method", "gqa", "--kv-heads", "3");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--method gqa needs --kv-heads N dividing the model's 4 key/value heads"),
                run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void refusesABudgetBelowRankOne(@TempDir Path tmp) {
        CliRun run = CliRun.of("baseline", stories.toString(), tmp.resolve("x").toString(), "--method", "svd",
                "--budget", "0.001");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("is below rank one of every matrix"), run.err());
    }
}
