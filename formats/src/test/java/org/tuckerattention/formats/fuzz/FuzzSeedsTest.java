package org.tuckerattention.formats.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The seeds must be valid files that every target reads through to the end: a seed the parser refuses
 * would start the fuzzer at the first check instead of deep inside the format.
 */
class FuzzSeedsTest {

    @Test
    void everySeedIsReadWithoutError() {
        check(SafetensorsFuzzTest.TARGET, FuzzFixtures.safetensorsSeeds());
        check(ShardIndexFuzzTest.TARGET, FuzzFixtures.shardIndexSeeds());
        check(OnnxFuzzTest.TARGET, FuzzFixtures.onnxSeeds());
        check(Llama2cFuzzTest.TARGET, FuzzFixtures.llama2cSeeds());
        check(Llama2cTokenizerFuzzTest.TARGET, FuzzFixtures.tokenizerSeeds());
        check(ConfigFuzzTest.TARGET, FuzzFixtures.configSeeds().limit(2));
    }

    private static void check(ParserFuzzing.Target target, Stream<Arguments> seeds) {
        seeds.forEach(seed -> assertDoesNotThrow(() -> ParserFuzzing.parse(target, (byte[]) seed.get()[0])));
    }
}
