package org.tuckerattention.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.junit.jupiter.params.provider.MethodSource;

/** A lying safetensors file (header and data) beside a valid config.json. */
class SafetensorsFuzzTest {

    /** Reads {@code bytes} as a user's file of this kind is read; fixtures fill the rest of the folder. */
    static final ParserFuzzing.Target TARGET = (dir, bytes) -> {
        ParserFuzzing.write(dir, Map.of("config.json", FuzzFixtures.LLAMA.config(), "model.safetensors", bytes));
        ParserFuzzing.exercise(dir);
    };

    @MethodSource("org.tuckerattention.formats.fuzz.FuzzFixtures#safetensorsSeeds")
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void safetensorsFile(byte[] bytes) {
        ParserFuzzing.fuzz(TARGET, bytes);
    }
}
