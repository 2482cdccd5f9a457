package org.tuckerattention.converter.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.compress.CoreChoice;
import org.tuckerattention.converter.compress.RopeStrategy;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.validation.comparison.Validation;
import org.tuckerattention.validation.comparison.ValidationSettings;
import org.tuckerattention.validation.runtime.ComputeDevice;

/** {@code tucker heal} on stories260K (a real pretrained model, 5 layers of width 64) compressed at low ranks. */
class HealingTest {

    @Test
    void healingLowersTheHeldOutKldOfALowRankConversion(@TempDir Path tmp) throws Exception {
        Path compressed = HealInputs.compress(HealInputs.stories(), tmp.resolve("tucker"), RankSpec.fraction(0.25),
                CoreChoice.AUTO, RopeStrategy.HEAD);
        Path healed = tmp.resolve("healed");
        HealReport r = Healing.run(HealInputs.settings(compressed, healed, 12, 3e-3, 4), HealProgress.silent());
        assertEquals("mean_kld", r.metric());
        assertTrue(r.after() < r.before(), "held-out KLD " + r.before() + " -> " + r.after());
        assertTrue(r.bestStep() > 0);
        assertFalse(Files.exists(HealState.folder(healed)), "a finished run leaves no state");

        // The written checkpoint, judged by validate on the second half of the text (never trained on), beats the input.
        Path heldOut = tmp.resolve("second-half.txt");
        String text = Files.readString(HealInputs.BROWN);
        Files.writeString(heldOut, text.substring(text.length() / 2));
        double before = validatedKld(compressed, heldOut);
        double after = validatedKld(healed, heldOut);
        assertTrue(after < before, "validated mean KLD " + before + " -> " + after);

        JsonNode healing = HfConfig.read(healed.resolve("config.json")).json().path("tucker_attention").path("healing");
        assertEquals(12, healing.path("steps").asInt());
        assertEquals(r.bestStep(), healing.path("best_step").asInt());
        assertEquals(64, healing.path("ctx").asInt());
        assertEquals(64, healing.path("text_sha256").asText().length());
        assertEquals(r.after(), healing.path("held_out_metric").path("after").asDouble(), 1e-12);
        try (Checkpoint in = Checkpoints.open(compressed); Checkpoint out = Checkpoints.open(healed)) {
            assertEquals(in.tensorNames(), out.tensorNames());
            assertEquals(in.tensor("model.norm.weight").floats()[0], out.tensor("model.norm.weight").floats()[0]);
            assertFalse(java.util.Arrays.equals(in.tensor("model.layers.0.self_attn.tucker.post.u_value").floats(),
                    out.tensor("model.layers.0.self_attn.tucker.post.u_value").floats()), "the Tucker tensors are trained");
        }
    }

    @Test
    void aResumedRunEndsWithTheParametersOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path compressed = HealInputs.compress(HealInputs.stories(), tmp.resolve("tucker"), RankSpec.fixed(4, 16, 16),
                CoreChoice.HEAD_FACTORED, RopeStrategy.HEAD);
        Path straight = tmp.resolve("straight");
        Healing.run(HealInputs.settings(compressed, straight, 6, 3e-3, 3), HealProgress.silent());

        Path interrupted = tmp.resolve("interrupted");
        HealSettings s = HealInputs.settings(compressed, interrupted, 6, 3e-3, 3);
        assertThrows(Interrupted.class, () -> Healing.run(s, new StopAfter(4)));
        assertFalse(Files.exists(interrupted), "an interrupted run writes no output");
        assertTrue(Files.exists(HealState.folder(interrupted)), "it keeps the state of step 3");

        HealSettings resumed = new HealSettings(s.original(), s.compressed(), s.output(), s.text(), s.evalText(),
                s.tokenizer(), s.steps(), s.lr(), s.warmup(), s.ctx(), s.batch(), s.seed(), s.clip(), s.evalEvery(),
                s.evalSize(), s.device(), true, false, s.toolVersion());
        HealReport r = Healing.run(resumed, HealProgress.silent());
        assertEquals(3, r.resumedFrom());
        assertFalse(Files.exists(HealState.folder(interrupted)));
        try (Checkpoint a = Checkpoints.open(straight); Checkpoint b = Checkpoints.open(interrupted)) {
            for (String name : a.tensorNames()) {
                float[] x = a.tensor(name).floats();
                float[] y = b.tensor(name).floats();
                for (int k = 0; k < x.length; k++) {
                    assertEquals(x[k], y[k], 1e-6f * Math.max(1f, Math.abs(x[k])), name + "[" + k + "]");
                }
            }
        }
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path tmp) {
        Path compressed = HealInputs.compress(HealInputs.stories(), tmp.resolve("tucker"), RankSpec.fixed(4, 16, 16),
                CoreChoice.HEAD_FACTORED, RopeStrategy.HEAD);
        Path out = tmp.resolve("out");
        assertThrows(Interrupted.class, () -> Healing.run(HealInputs.settings(compressed, out, 4, 3e-3, 1), new StopAfter(2)));
        HealSettings other = HealInputs.settings(compressed, out, 4, 1e-3, 1);
        HealSettings resume = new HealSettings(other.original(), other.compressed(), other.output(), other.text(),
                other.evalText(), other.tokenizer(), other.steps(), other.lr(), other.warmup(), other.ctx(), other.batch(),
                other.seed(), other.clip(), other.evalEvery(), other.evalSize(), other.device(), true, false, "test");
        var e = assertThrows(org.tuckerattention.formats.CheckpointException.class,
                () -> Healing.run(resume, HealProgress.silent()));
        assertTrue(e.getMessage().contains("saved by a run with other inputs or settings"), e.getMessage());
    }

    private static double validatedKld(Path candidate, Path text) {
        return Validation.run(new ValidationSettings(HealInputs.stories(), candidate, text, OptionalInt.of(64),
                OptionalInt.of(16), Optional.of(HealInputs.storiesTokenizer()), ComputeDevice.CPU), (d, o) -> {})
                .causal().orElseThrow().kl().mean();
    }

    /** Stands for Ctrl-C: thrown from the progress callback after a given step. */
    private static final class Interrupted extends RuntimeException {}

    private record StopAfter(int step) implements HealProgress {
        @Override
        public void step(int done, int steps, double loss, double lr, double tokensPerSecond, double etaSeconds) {
            if (done == step) {
                throw new Interrupted();
            }
        }

        @Override
        public void evaluated(int at, String summary, boolean best) {}

        @Override
        public void resumed(int at) {}
    }
}
