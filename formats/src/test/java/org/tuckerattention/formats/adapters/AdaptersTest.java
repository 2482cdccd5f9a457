package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.SyntheticCheckpoint;

class AdaptersTest {

    @Test
    void noModelTypeIsClaimedTwice() {
        List<String> types = Adapters.supportedModelTypes();
        assertEquals(types.size(), new HashSet<>(types).size());
    }

    @Test
    void everyAdapterHasAContractTest() {
        Path tests = Path.of("src/test/java/org/tuckerattention/formats/adapters");
        for (ArchitectureAdapter a : Adapters.all()) {
            String test = a.getClass().getSimpleName() + "Test.java";
            assertTrue(Files.exists(tests.resolve(test)), "no contract test " + test);
        }
    }

    @Test
    void unknownModelTypeListsTheSupportedOnes() {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("{\"model_type\": \"mamba\"}", 1);
        CheckpointException e = assertThrows(
                UnsupportedArchitectureException.class,
                () -> Adapters.forConfig(m.inMemory(Path.of("x")).config()));
        assertEquals("config.json: unsupported model_type 'mamba' (supported: bert, deepseek_v2, deepseek_v3, "
                + "gpt2, llama, mistral, qwen2, vit)", e.getMessage());
    }

    @Test
    void headsThatDoNotSplitTheWidthAreRefused() {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig(
                "{\"model_type\": \"bert\", \"hidden_size\": 10, \"num_attention_heads\": 3, "
                        + "\"num_hidden_layers\": 1}", 1);
        CheckpointException e = assertThrows(
                CheckpointException.class,
                () -> Adapters.forConfig(m.inMemory(Path.of("x")).config()).geometry(m.inMemory(Path.of("x")).config()));
        assertEquals("config.json: hidden size 10 is not divisible by 3 attention heads", e.getMessage());
    }

    @Test
    void geometryCountsParametersAndCacheOfGqa() {
        AttentionGeometry g = AttentionGeometry.standard(5, 64, 8, 4, 8, Rope.NONE, false, false);
        assertEquals(Mechanism.GQA, g.mechanism());
        assertEquals(64L * 64 + 2L * 32 * 64 + 64L * 64, g.parametersPerLayer());
        assertEquals(64, g.kvCacheValuesPerLayer());
    }
}
