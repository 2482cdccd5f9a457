package org.tuckerattention.formats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.safetensors.SafetensorsWriter;
import org.tuckerattention.formats.safetensors.TensorSource;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorBytes;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * Builds small checkpoints with exact Hugging Face names and shapes and seeded random values, for the
 * architectures that have no real checkpoint here (DESIGN §10).
 */
public final class SyntheticCheckpoint {

    private final ObjectNode config;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Random random;

    private SyntheticCheckpoint(ObjectNode config, long seed) {
        this.config = config;
        this.random = new Random(seed);
    }

    /** A builder over {@code configJson} (a JSON object literal); values are drawn from Random(seed). */
    public static SyntheticCheckpoint withConfig(String configJson, long seed) {
        try {
            return new SyntheticCheckpoint((ObjectNode) new ObjectMapper().readTree(configJson), seed);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Adds a tensor of that shape with Gaussian values scaled by 1/sqrt(last dimension). */
    public SyntheticCheckpoint tensor(String name, long... shape) {
        int n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, (int) s);
        }
        float[] v = new float[n];
        double scale = 1 / Math.sqrt(shape[shape.length - 1]);
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        shapes.put(name, shape.clone());
        values.put(name, v);
        return this;
    }

    /** Drops a tensor (to test what a missing one does). */
    public SyntheticCheckpoint without(String name) {
        shapes.remove(name);
        values.remove(name);
        return this;
    }

    /** Replaces a tensor's shape, keeping as many values as fit (to test a mis-shaped one). */
    public SyntheticCheckpoint reshaped(String name, long... shape) {
        without(name);
        return tensor(name, shape);
    }

    public ObjectNode config() {
        return config.deepCopy();
    }

    public Map<String, long[]> shapes() {
        return shapes;
    }

    public float[] values(String name) {
        return values.get(name);
    }

    /**
     * Writes a Hugging Face folder (config.json + model.safetensors in {@code dtype}) with the project's
     * own writer, and returns it.
     */
    public Path writeHfFolder(Path dir, DType dtype) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), new HfConfig(dir.resolve("config.json"), config).toJson());
        List<TensorSource> sources = new ArrayList<>();
        values.forEach((name, v) -> sources.add(TensorSource.of(name, dtype, shapes.get(name), v)));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), sources, Map.of("format", "pt"));
        return dir;
    }

    /** The checkpoint held in memory, standing for {@code source} in messages. */
    public Checkpoint inMemory(Path source) {
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        values.forEach((name, v) -> {
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            refs.put(name, new TensorRef(name, DType.F32, shapes.get(name), source, TensorBytes.inMemory(b)));
        });
        return new Checkpoint(source, new HfConfig(source.resolve("config.json"), config), refs, List.of(), List.of());
    }
}
