package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;

/** {@code tucker heal} from the command line: a short run, and one-line errors for bad inputs. */
class HealCommandTest {

    private final Path stories = SharedData.stories260K();
    private final Path brown = SharedData.require("data/brown-fiction.txt");

    @Test
    void healsAndReportsTheHeldOutMetric(@TempDir Path tmp) {
        Path compressed = compress(tmp);
        CliRun r = heal(compressed, tmp.resolve("healed"), "--steps", "4", "--eval-every", "2");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("held out at step 0: mean KLD"), r.out());
        assertTrue(r.out().contains("step 4/4  loss"), r.out());
        assertTrue(r.out().contains("wrote " + tmp.resolve("healed").toAbsolutePath()), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("healed/model.safetensors")));
        assertTrue(Files.isRegularFile(tmp.resolve("healed/tucker_report.json")));
    }

    @Test
    void refusesACompressedCheckpointThatIsNotTucker(@TempDir Path tmp) {
        CliRun r = heal(stories.resolve("hf-f32"), tmp.resolve("out"));
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertEquals("tucker: config.json: not a Tucker-attention checkpoint"
                + " (config.json has no tucker_attention block); write one with tucker compress", r.errLines()[0]);
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void refusesAnOriginalTheCheckpointWasNotMadeFrom(@TempDir Path tmp) throws Exception {
        Path compressed = compress(tmp);
        Path other = new org.tuckerattention.converter.bench.SyntheticLlamaCheckpoint(5, 64, 8, 4, 8, 172, 512, 3)
                .write(tmp.resolve("other"));
        CliRun r = CliRun.of("heal", other.toString(), compressed.toString(), tmp.resolve("out").toString(), "--text",
                brown.toString(), "--tokenizer", stories.resolve("tok512.bin").toString(), "--device", "cpu");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertEquals("tucker: tucker: was not compressed from " + other + ": tensor 'model.embed_tokens.weight' differs",
                r.errLines()[0]);
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void refusesANonPositiveStepCount(@TempDir Path tmp) {
        CliRun r = heal(tmp.resolve("whatever"), tmp.resolve("out"), "--steps", "0");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertEquals("tucker: --steps must be at least 1, got 0", r.errLines()[0]);
    }

    private Path compress(Path tmp) {
        Path out = tmp.resolve("tucker");
        CliRun c = CliRun.of("compress", stories.resolve("hf-f32").toString(), out.toString(), "--ranks", "4,16,16",
                "--core", "head-factored");
        assertEquals(ExitCodes.OK, c.exitCode(), c.err());
        return out;
    }

    private CliRun heal(Path compressed, Path out, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("heal", stories.resolve("hf-f32").toString(),
                compressed.toString(), out.toString(), "--text", brown.toString(), "--tokenizer",
                stories.resolve("tok512.bin").toString(), "--ctx", "64", "--batch", "2", "--eval-size", "2", "--device", "cpu"));
        args.addAll(java.util.List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }
}
