package org.tuckerattention.validation.tokenizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SharedData;

/** llama2.c's BPE on tok512.bin against the golden token ids of stories260K. */
class Llama2cTokenizerTest {

    private final Path folder = SharedData.stories260K();

    @Test
    void encodesTheGoldenSentenceWithBosAndLeadingSpace() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(folder.resolve("golden.json").toFile());
        int[] expected = StreamSupport.stream(golden.get("token_ids").spliterator(), false)
                .mapToInt(JsonNode::asInt).toArray();
        try (TextTokenizer tok = Llama2cTokenizer.read(folder.resolve("tok512.bin"), 512)) {
            assertArrayEquals(expected, tok.encode(golden.get("sentence").asText()));
            assertEquals(golden.get("sentence").asText(), tok.decode(expected));
        }
    }

    @Test
    void charactersOutsideTheVocabularyBecomeByteTokensAndDecodeBack() {
        try (TextTokenizer tok = Llama2cTokenizer.read(folder.resolve("tok512.bin"), 512)) {
            String text = "café ☕ ok";
            int[] ids = tok.encodePlain(text);
            assertEquals(" " + text, tok.decode(ids));
            assertEquals(text, tok.decode(tok.encode(text)));
        }
    }

    @Test
    void theModelFolderFindsTheTokenizerAboveIt() {
        try (TextTokenizer tok = Tokenizers.forModel(folder.resolve("hf-f32"), 512, java.util.Optional.empty())) {
            assertEquals("tok512.bin (llama2.c, 512 tokens)", tok.description());
        }
    }
}
