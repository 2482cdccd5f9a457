package org.tuckerattention.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.junit.jupiter.params.provider.MethodSource;

/** A lying config.json beside valid weights: every adapter reads it. */
class ConfigFuzzTest {

    /** Reads {@code bytes} as a user's file of this kind is read; fixtures fill the rest of the folder. */
    static final ParserFuzzing.Target TARGET = (dir, bytes) -> {
        ParserFuzzing.write(dir, Map.of("config.json", bytes, "model.safetensors", FuzzFixtures.LLAMA.weights()));
        ParserFuzzing.exercise(dir);
    };

    @MethodSource("org.tuckerattention.formats.fuzz.FuzzFixtures#configSeeds")
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void configJson(byte[] bytes) {
        ParserFuzzing.fuzz(TARGET, bytes);
    }
}
