package org.tuckerattention.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.tuckerattention.formats.llama2c.Llama2cTokenizerFile;
import org.junit.jupiter.params.provider.MethodSource;

/** A lying llama2.c tokenizer file, read for the vocabulary its model states. */
class Llama2cTokenizerFuzzTest {

    /** Reads {@code bytes} as a user's file of this kind is read; fixtures fill the rest of the folder. */
    static final ParserFuzzing.Target TARGET = (dir, bytes) -> {
        ParserFuzzing.write(dir, Map.of("tok.bin", bytes));
        Llama2cTokenizerFile.read(dir.resolve("tok.bin"), FuzzFixtures.TINY_VOCAB);
    };

    @MethodSource("org.tuckerattention.formats.fuzz.FuzzFixtures#tokenizerSeeds")
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void tokenizerFile(byte[] bytes) {
        ParserFuzzing.fuzz(TARGET, bytes);
    }
}
