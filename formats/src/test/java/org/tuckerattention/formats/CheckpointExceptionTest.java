package org.tuckerattention.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointExceptionTest {

    @Test
    void controlCharactersFromAFileAreEscapedSoTheMessageIsOneLine() {
        CheckpointException e = new CheckpointException(Path.of("/m/model.onnx"),
                "tensor 'a\nb\r\u001b[2Jc' has more than 32 dims");
        assertEquals("model.onnx: tensor 'a\\u000ab\\u000d\\u001b[2Jc' has more than 32 dims", e.getMessage());
    }

    @Test
    void printableTextIsKeptAsItIs() {
        assertEquals("x.bin: tensor 'é, ü, 中' is fine",
                new CheckpointException(Path.of("x.bin"), "tensor 'é, ü, 中' is fine").getMessage());
    }
}
