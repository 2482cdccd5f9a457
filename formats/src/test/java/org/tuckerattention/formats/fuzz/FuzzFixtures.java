package org.tuckerattention.formats.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.onnx.TinyBertOnnx;
import org.tuckerattention.formats.tensor.DType;

/**
 * Valid inputs of every format the fuzz targets read: seeds for the fuzzer (a mutation of a valid file
 * reaches far deeper than random bytes) and the well-formed companions of the one file a target mutates.
 */
final class FuzzFixtures {

    /** Vocabulary of the tiny llama2.c model and its tokenizer. */
    static final int TINY_VOCAB = 16;

    /** The Llama-layout synthetic checkpoint whose weights sit beside a fuzzed config or index. */
    static final HfFiles LLAMA = HfFiles.of(SyntheticModels.llama("llama", true));

    private FuzzFixtures() {
    }

    /** The config.json and model.safetensors bytes of a synthetic checkpoint. */
    record HfFiles(byte[] config, byte[] weights) {

        static HfFiles of(SyntheticCheckpoint model) {
            return of(model, DType.F32);
        }

        static HfFiles of(SyntheticCheckpoint model, DType dtype) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("tucker-fixture");
                model.writeHfFolder(dir, dtype);
                return new HfFiles(Files.readAllBytes(dir.resolve("config.json")),
                        Files.readAllBytes(dir.resolve("model.safetensors")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (dir != null) {
                    dir.resolve("config.json").toFile().delete();
                    dir.resolve("model.safetensors").toFile().delete();
                    dir.toFile().delete();
                }
            }
        }
    }

    /** The config of every supported architecture; only Llama's and Qwen2's match {@link #LLAMA}'s weights. */
    static Stream<Arguments> configSeeds() {
        return Stream.of(SyntheticModels.llama("llama", true), SyntheticModels.llama("qwen2", true),
                SyntheticModels.gpt2(), SyntheticModels.bert("bert."), SyntheticModels.vit(),
                SyntheticModels.deepseekV2(true), SyntheticModels.deepseekV2(false))
                .map(m -> Arguments.of((Object) HfFiles.of(m).config()));
    }

    /** The weights of {@link #LLAMA} in float32 and in bfloat16. */
    static Stream<Arguments> safetensorsSeeds() {
        return Stream.of(LLAMA.weights(), HfFiles.of(SyntheticModels.llama("llama", true), DType.BF16).weights())
                .map(w -> Arguments.of((Object) w));
    }

    static Stream<Arguments> shardIndexSeeds() {
        return Stream.of(Arguments.of((Object) shardIndex()));
    }

    static Stream<Arguments> onnxSeeds() {
        return Stream.of(Arguments.of((Object) new TinyBertOnnx().build()));
    }

    static Stream<Arguments> llama2cSeeds() {
        return Stream.of(Arguments.of((Object) llama2c(true)), Arguments.of((Object) llama2c(false)));
    }

    static Stream<Arguments> tokenizerSeeds() {
        return Stream.of(Arguments.of((Object) tokenizer()));
    }

    /** The shard index naming one shard for every tensor of {@link #LLAMA}. */
    static byte[] shardIndex() {
        StringBuilder map = new StringBuilder();
        for (String name : SyntheticModels.llama("llama", true).shapes().keySet()) {
            map.append(map.isEmpty() ? "" : ", ").append('"').append(name).append("\": \"").append(SHARD).append('"');
        }
        return ("{\"metadata\": {\"total_size\": " + LLAMA.weights().length + "}, \"weight_map\": {" + map + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The name of the single shard {@link #shardIndex()} points to. */
    static final String SHARD = "model-00001-of-00001.safetensors";

    /**
     * A llama2.c v0 checkpoint: dim 8, hidden 12, 2 layers, 2 heads, 1 KV head, vocab 16, seq_len 4
     * (1144 floats before the classifier, 128 more when it is not shared; a negative vocab says unshared).
     */
    static byte[] llama2c(boolean shared) {
        int floats = shared ? 1144 : 1144 + 128;
        ByteBuffer b = ByteBuffer.allocate(7 * 4 + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : new int[] {8, 12, 2, 2, 1, shared ? TINY_VOCAB : -TINY_VOCAB, 4}) {
            b.putInt(v);
        }
        Random random = new Random(345);
        for (int i = 0; i < floats; i++) {
            b.putFloat((float) random.nextGaussian());
        }
        return b.array();
    }

    /** A llama2.c tokenizer file of {@link #TINY_VOCAB} pieces: max length, then score, length, bytes each. */
    static byte[] tokenizer() {
        ByteBuffer b = ByteBuffer.allocate(4 + TINY_VOCAB * (8 + 3)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(3);
        for (int id = 0; id < TINY_VOCAB; id++) {
            byte[] piece = ("t" + Integer.toHexString(id)).getBytes(StandardCharsets.UTF_8);
            b.putFloat(-id).putInt(piece.length).put(piece);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }
}
