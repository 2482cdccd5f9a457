package org.tuckerattention.converter.heal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.compress.CoreChoice;
import org.tuckerattention.converter.compress.RopeStrategy;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.samples.SampleModels;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.ComputeDevice;
import org.tuckerattention.validation.runtime.EncoderModel;
import org.tuckerattention.validation.runtime.Models;
import org.tuckerattention.validation.runtime.TuckerParameters;
import org.tuckerattention.validation.text.Sentences;
import org.tuckerattention.validation.text.TextChunks;
import org.tuckerattention.validation.tokenizers.TextTokenizer;
import org.tuckerattention.validation.tokenizers.Tokenizers;

/** The losses and their gradients through the runtime's forward pass, on real models and text. */
class DistillationLossTest {

    @Test
    void anExactConversionHasZeroLossAndGradient(@TempDir Path tmp) throws Exception {
        Path exact = HealInputs.compress(HealInputs.stories(), tmp.resolve("exact"), RankSpec.fixed(8, 64, 32),
                CoreChoice.HEAD_FACTORED, RopeStrategy.HEAD);
        try (CausalModel p = (CausalModel) Models.open(HealInputs.stories(), ComputeDevice.CPU);
                CausalModel q = (CausalModel) Models.open(exact, ComputeDevice.CPU);
                TextTokenizer tok = Tokenizers.open(HealInputs.storiesTokenizer(), 512)) {
            int[] tokens = tok.encodePlain(Files.readString(HealInputs.BROWN).substring(0, 20_000));
            CausalDistillation task = new CausalDistillation(p, q, tokens, TextChunks.of(tokens, 64, 1, OptionalInt.of(1)),
                    128, 2, 3, OptionalInt.of(1));
            double[] lossAndNorm = lossAndGradientNorm(task, q.tuckerParameters());
            assertTrue(Math.abs(lossAndNorm[0]) < 1e-5, "KL at an exact conversion " + lossAndNorm[0]);
            assertTrue(lossAndNorm[1] < 1e-3, "gradient norm at an exact conversion " + lossAndNorm[1]);
        }
    }

    @Test
    void aLowRankConversionHasAPositiveLossAndGradient(@TempDir Path tmp) throws Exception {
        Path low = HealInputs.compress(HealInputs.stories(), tmp.resolve("low"), RankSpec.fixed(4, 16, 16),
                CoreChoice.DENSE, RopeStrategy.LATENT);
        try (CausalModel p = (CausalModel) Models.open(HealInputs.stories(), ComputeDevice.CPU);
                CausalModel q = (CausalModel) Models.open(low, ComputeDevice.CPU);
                TextTokenizer tok = Tokenizers.open(HealInputs.storiesTokenizer(), 512)) {
            int[] tokens = tok.encodePlain(Files.readString(HealInputs.BROWN).substring(0, 20_000));
            CausalDistillation task = new CausalDistillation(p, q, tokens, TextChunks.of(tokens, 64, 1, OptionalInt.of(1)),
                    128, 2, 3, OptionalInt.of(1));
            double[] lossAndNorm = lossAndGradientNorm(task, q.tuckerParameters());
            assertTrue(lossAndNorm[0] > 0.05, "KL of a latent-RoPE conversion at low rank " + lossAndNorm[0]);
            assertTrue(lossAndNorm[1] > 1e-3, "gradient norm " + lossAndNorm[1]);
        }
    }

    @Test
    void healingStepsLowerTheEncoderLoss(@TempDir Path tmp) throws Exception {
        Path low = HealInputs.compress(SampleModels.miniLm(), tmp.resolve("low"), RankSpec.fraction(0.25),
                CoreChoice.AUTO, RopeStrategy.HEAD);
        try (EncoderModel p = (EncoderModel) Models.open(SampleModels.miniLm(), ComputeDevice.CPU);
                EncoderModel q = (EncoderModel) Models.open(low, ComputeDevice.CPU);
                TextTokenizer tok = Tokenizers.forModel(SampleModels.miniLm(), 30522, java.util.Optional.empty())) {
            List<int[]> sentences = new ArrayList<>();
            for (String s : Sentences.of(Files.readString(HealInputs.BROWN), 6, 3)) {
                int[] ids = tok.encode(s);
                sentences.add(Arrays.copyOf(ids, Math.min(ids.length, 48)));
            }
            EncoderDistillation task = new EncoderDistillation(p, q, sentences, sentences, 6, 5);
            TuckerParameters parameters = q.tuckerParameters();
            HealSettings s = new HealSettings(HealInputs.stories(), low, tmp.resolve("unused"), HealInputs.BROWN,
                    java.util.Optional.empty(), java.util.Optional.empty(), 3, 1e-3, 1, 48, 6, 5, 1.0, 100, 1,
                    ComputeDevice.CPU, false, false, "test");
            double before = lossAndGradientNorm(task, parameters)[0];
            TrainingLoop.run(task, parameters, s, "test", tmp.resolve("state"), HealProgress.silent());
            double after = lossAndGradientNorm(task, parameters)[0];
            assertTrue(after < before, "encoder loss " + before + " -> " + after);
        }
    }

    /** The loss of step 0's batch and the global norm of its gradient; gradients are cleared afterwards. */
    private static double[] lossAndGradientNorm(Distillation task, TuckerParameters parameters) {
        NDManager base = parameters.tensors().get(parameters.tensors().firstKey()).getManager();
        parameters.tensors().values().forEach(a -> a.setRequiresGradient(true));
        try (NDManager scope = base.newSubManager()) {
            List<int[]> batch = task.batch(0);
            List<NDArray> targets = task.targets(batch, scope);
            NDArray loss;
            try (GradientCollector c = ComputeDevice.engine().newGradientCollector()) {
                parameters.rebuild(scope);
                loss = task.loss(batch, targets, scope);
                c.backward(loss);
            }
            List<NDArray> gradients = new ArrayList<>();
            parameters.tensors().values().forEach(a -> {
                NDArray g = a.getGradient();
                g.attach(scope);
                gradients.add(g);
            });
            double norm = GlobalNormClipping.clip(gradients, Double.MAX_VALUE);
            gradients.forEach(g -> g.subi(g));
            return new double[] {loss.getFloat(), norm};
        } finally {
            parameters.tensors().values().forEach(a -> a.setRequiresGradient(false));
        }
    }
}
