package org.tuckerattention.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

class ShardIndexTest {

    private static final String S1 = "model-00001-of-00002.safetensors";
    private static final String S2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path dir;

    private Path index(String json) throws IOException {
        return Files.writeString(dir.resolve(ShardIndex.FILE_NAME), json);
    }

    private String error(String json) throws IOException {
        Path file = index(json);
        return assertThrows(CheckpointException.class, () -> ShardIndex.read(file)).getMessage();
    }

    private void shard(String file, String... tensors) throws IOException {
        List<TensorSource> sources = new ArrayList<>();
        for (String t : tensors) {
            sources.add(TensorSource.of(t, DType.F32, new long[] {1}, new float[] {t.length()}));
        }
        SafetensorsWriter.write(dir.resolve(file), sources, Map.of());
    }

    /** Reads the index, resolves it against its opened shards and reads the first element of each tensor. */
    private Map<String, Float> resolve(String json) throws IOException {
        ShardIndex index = ShardIndex.read(index(json));
        Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
        try {
            for (String s : index.shardFiles()) {
                opened.put(s, SafetensorsReader.open(dir.resolve(s)));
            }
            Map<String, Float> firsts = new LinkedHashMap<>();
            for (TensorRef t : index.tensors(opened).values()) {
                assertEquals(dir.resolve(index.weightMap().get(t.name())), t.file());
                firsts.put(t.name(), t.floats()[0]);
            }
            return firsts;
        } finally {
            for (SafetensorsFile f : opened.values()) {
                f.close();
            }
        }
    }

    private String resolveError(String json) {
        return assertThrows(CheckpointException.class, () -> resolve(json)).getMessage();
    }

    @Test
    void readsWeightMapAndMetadata() throws IOException {
        shard(S1, "a", "bb");
        shard(S2, "ccc");
        ShardIndex index = ShardIndex.read(index("{\"metadata\":{\"total_size\":12},\"weight_map\":"
                + "{\"bb\":\"" + S1 + "\",\"ccc\":\"" + S2 + "\",\"a\":\"" + S1 + "\"}}"));
        assertEquals(List.of(S1, S2), index.shardFiles());
        assertEquals(Map.of("a", S1, "bb", S1, "ccc", S2), index.weightMap());
        assertEquals(12L, index.metadata().get("total_size").longValue());
        assertEquals(dir.toAbsolutePath(), index.folder());
    }

    @Test
    void resolvesTensorsAcrossShards() throws IOException {
        shard(S1, "a", "bb");
        shard(S2, "ccc");
        Map<String, Float> firsts = resolve("{\"weight_map\":"
                + "{\"a\":\"" + S1 + "\",\"bb\":\"" + S1 + "\",\"ccc\":\"" + S2 + "\"}}");
        assertEquals(List.of("a", "bb", "ccc"), List.copyOf(firsts.keySet()));
        assertEquals(List.of(1f, 2f, 3f), List.copyOf(firsts.values()));
    }

    @Test
    void rejectsInvalidJson() throws IOException {
        assertEquals("model.safetensors.index.json: not valid JSON at line 1, column 15: Unexpected end-of-input"
                + " within/between Object entries", error("{\"weight_map\":"));
        assertEquals("model.safetensors.index.json: expected a JSON object", error("[]"));
    }

    @Test
    void rejectsIndexThatIsNotUtf8() throws IOException {
        Path file = Files.write(dir.resolve(ShardIndex.FILE_NAME), new byte[] {'{', (byte) 0xff, '}'});
        assertEquals("model.safetensors.index.json: not valid UTF-8",
                assertThrows(CheckpointException.class, () -> ShardIndex.read(file)).getMessage());
    }

    @Test
    void rejectsMissingOrMistypedWeightMap() throws IOException {
        assertEquals("model.safetensors.index.json: missing 'weight_map'", error("{\"metadata\":{}}"));
        assertEquals("model.safetensors.index.json: 'weight_map' must be an object of tensor name to shard file",
                error("{\"weight_map\":[]}"));
        assertEquals("model.safetensors.index.json: shard of tensor 'a' must be a file name string",
                error("{\"weight_map\":{\"a\":1}}"));
    }

    @Test
    void rejectsShardNamesEscapingTheFolder() throws IOException {
        for (String name : List.of("../x.safetensors", "sub/x.safetensors", "..\\\\x.safetensors", "..", "")) {
            String shown = name.replace("\\\\", "\\");
            assertEquals("model.safetensors.index.json: shard '" + shown + "' of tensor 'a' is not a file name inside"
                    + " the folder", error("{\"weight_map\":{\"a\":\"" + name + "\"}}"));
        }
    }

    @Test
    void rejectsMissingShardFileNamingIt() throws IOException {
        shard(S1, "a");
        assertEquals("model.safetensors.index.json: shard file '" + S2 + "' is missing",
                error("{\"weight_map\":{\"a\":\"" + S1 + "\",\"b\":\"" + S2 + "\"}}"));
    }

    @Test
    void rejectsTensorListedButAbsentFromItsShard() throws IOException {
        shard(S1, "a");
        assertEquals("model.safetensors.index.json: tensor 'b' is listed for shard '" + S1 + "' but absent from it",
                resolveError("{\"weight_map\":{\"a\":\"" + S1 + "\",\"b\":\"" + S1 + "\"}}"));
    }

    @Test
    void rejectsTensorPresentInTwoShards() throws IOException {
        shard(S1, "a", "b");
        shard(S2, "b");
        assertEquals("model.safetensors.index.json: tensor 'b' is in both shard '" + S1 + "' and shard '" + S2 + "'",
                resolveError("{\"weight_map\":{\"a\":\"" + S1 + "\",\"b\":\"" + S2 + "\"}}"));
    }

    @Test
    void rejectsTensorInAShardOtherThanListedOrNotListed() throws IOException {
        shard(S1, "a", "b");
        shard(S2, "c");
        assertEquals("model.safetensors.index.json: tensor 'b' is in shard '" + S1 + "' but the weight_map places it"
                + " in '" + S2 + "'", resolveError("{\"weight_map\":{\"a\":\"" + S1 + "\",\"b\":\"" + S2 + "\","
                + "\"c\":\"" + S2 + "\"}}"));
        assertEquals("model.safetensors.index.json: tensor 'b' is in shard '" + S1 + "' but the weight_map does not"
                + " list it", resolveError("{\"weight_map\":{\"a\":\"" + S1 + "\",\"c\":\"" + S2 + "\"}}"));
    }
}
