package org.tuckerattention.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.junit.jupiter.params.provider.MethodSource;

/** A lying ONNX protobuf: the importer maps it to Hugging Face BERT names. */
class OnnxFuzzTest {

    /** Reads {@code bytes} as a user's file of this kind is read; fixtures fill the rest of the folder. */
    static final ParserFuzzing.Target TARGET = (dir, bytes) -> {
        ParserFuzzing.write(dir, Map.of("model.onnx", bytes));
        ParserFuzzing.exercise(dir.resolve("model.onnx"));
    };

    @MethodSource("org.tuckerattention.formats.fuzz.FuzzFixtures#onnxSeeds")
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void onnxModel(byte[] bytes) {
        ParserFuzzing.fuzz(TARGET, bytes);
    }
}
