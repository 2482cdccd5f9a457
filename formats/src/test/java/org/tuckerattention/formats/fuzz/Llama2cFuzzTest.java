package org.tuckerattention.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.junit.jupiter.params.provider.MethodSource;

/** A lying llama2.c checkpoint (header and weights) with a valid tokenizer beside it. */
class Llama2cFuzzTest {

    /** Reads {@code bytes} as a user's file of this kind is read; fixtures fill the rest of the folder. */
    static final ParserFuzzing.Target TARGET = (dir, bytes) -> {
        ParserFuzzing.write(dir, Map.of("model.bin", bytes,
                "tok" + FuzzFixtures.TINY_VOCAB + ".bin", FuzzFixtures.tokenizer()));
        ParserFuzzing.exercise(dir.resolve("model.bin"));
    };

    @MethodSource("org.tuckerattention.formats.fuzz.FuzzFixtures#llama2cSeeds")
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void llama2cModel(byte[] bytes) {
        ParserFuzzing.fuzz(TARGET, bytes);
    }
}
