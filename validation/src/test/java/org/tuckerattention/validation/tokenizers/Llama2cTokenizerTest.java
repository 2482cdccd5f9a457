package org.tuckerattention.validation.tokenizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.llama2c.Llama2cTokenizerFile;

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
    void queuedMergesEqualRunCsRepeatedScan() throws Exception {
        Llama2cTokenizerFile vocabulary = Llama2cTokenizerFile.read(folder.resolve("tok512.bin"), 512);
        String brown = java.nio.file.Files.readString(SharedData.require("data/brown-fiction.txt"));
        java.util.Random random = new java.util.Random(345);
        try (TextTokenizer tok = new Llama2cTokenizer(folder.resolve("tok512.bin"), vocabulary)) {
            for (int trial = 0; trial < 20; trial++) {
                int start = random.nextInt(brown.length() - 2000);
                String text = brown.substring(start, start + 1 + random.nextInt(1500));
                assertArrayEquals(scanned(vocabulary, text), tok.encode(text), "text at " + start);
            }
        }
    }

    /** run.c's encode as written: rescan every adjacent pair after each merge. */
    private static int[] scanned(Llama2cTokenizerFile v, String text) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int id = 0; id < v.vocabSize(); id++) {
            ids.putIfAbsent(new String(v.pieceBytes(id), java.nio.charset.StandardCharsets.ISO_8859_1), id);
        }
        java.util.List<Integer> t = new java.util.ArrayList<>(java.util.List.of(1, ids.get(" ")));
        text.codePoints().forEach(cp -> {
            byte[] b = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Integer id = ids.get(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
            if (id != null) {
                t.add(id);
            } else {
                for (byte x : b) {
                    t.add((x & 0xff) + 3);
                }
            }
        });
        while (true) {
            float best = -1e10f;
            int at = -1;
            int merged = -1;
            for (int i = 1; i + 1 < t.size(); i++) {
                String pair = new String(v.pieceBytes(t.get(i)), java.nio.charset.StandardCharsets.ISO_8859_1)
                        + new String(v.pieceBytes(t.get(i + 1)), java.nio.charset.StandardCharsets.ISO_8859_1);
                Integer id = ids.get(pair);
                if (id != null && v.score(id) > best) {
                    best = v.score(id);
                    at = i;
                    merged = id;
                }
            }
            if (at < 0) {
                return t.stream().mapToInt(Integer::intValue).toArray();
            }
            t.set(at, merged);
            t.remove(at + 1);
        }
    }

    @Test
    void theModelFolderFindsTheTokenizerAboveIt() {
        try (TextTokenizer tok = Tokenizers.forModel(folder.resolve("hf-f32"), 512, java.util.Optional.empty())) {
            assertEquals("tok512.bin (llama2.c, 512 tokens)", tok.description());
        }
    }
}
