package org.tuckerattention.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.tuckerattention.formats.safetensors.ShardIndex;
import org.junit.jupiter.params.provider.MethodSource;

/** A lying model.safetensors.index.json beside a valid config and shard. */
class ShardIndexFuzzTest {

    /** Reads {@code bytes} as a user's file of this kind is read; fixtures fill the rest of the folder. */
    static final ParserFuzzing.Target TARGET = (dir, bytes) -> {
        ParserFuzzing.write(dir, Map.of("config.json", FuzzFixtures.LLAMA.config(),
                FuzzFixtures.SHARD, FuzzFixtures.LLAMA.weights(), ShardIndex.FILE_NAME, bytes));
        ParserFuzzing.exercise(dir);
    };

    @MethodSource("org.tuckerattention.formats.fuzz.FuzzFixtures#shardIndexSeeds")
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void shardIndex(byte[] bytes) {
        ParserFuzzing.fuzz(TARGET, bytes);
    }
}
