package org.tuckerattention.formats;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.Matrix;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * A loaded model, whatever it came from: its Hugging Face style config and its tensors by Hugging
 * Face name, read lazily. Importers of other formats (ONNX, llama2.c) rename and reorient their
 * tensors into this form, so adapters see one layout per architecture.
 */
public final class Checkpoint implements Closeable {

    private final Path source;
    private final HfConfig config;
    private final Map<String, TensorRef> tensors;
    private final List<Path> extraFiles;
    private final List<Closeable> resources;

    /**
     * @param source the file or folder it was read from (named in errors)
     * @param extraFiles files that travel with the weights unchanged (tokenizer, generation config)
     * @param resources closed with the checkpoint (open file channels)
     */
    public Checkpoint(
            Path source,
            HfConfig config,
            Map<String, TensorRef> tensors,
            List<Path> extraFiles,
            List<? extends Closeable> resources) {
        this.source = source;
        this.config = config;
        this.tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
        this.extraFiles = List.copyOf(extraFiles);
        this.resources = List.copyOf(resources);
    }

    public Path source() {
        return source;
    }

    public HfConfig config() {
        return config;
    }

    /** Every tensor name, sorted. */
    public SortedSet<String> tensorNames() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(tensors.keySet()));
    }

    /** All tensors by name, sorted by name. */
    public Map<String, TensorRef> tensors() {
        return tensors;
    }

    public Optional<TensorRef> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The tensor called {@code name}; fails naming the checkpoint when it is absent. */
    public TensorRef tensor(String name) {
        TensorRef t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(source, "tensor '" + name + "' is required by the config but missing");
        }
        return t;
    }

    /**
     * The 2-D tensor {@code name} as floats; fails naming tensor and file unless it is {@code rows × cols}
     * and every value is finite.
     */
    public Matrix matrix(String name, long rows, long cols) {
        TensorRef t = requireShape(name, rows, cols);
        Matrix m = t.matrix();
        requireFinite(t, m.data(), m.cols());
        return m;
    }

    /** The 1-D tensor {@code name}; fails naming tensor and file unless it has {@code length} finite elements. */
    public float[] vector(String name, long length) {
        TensorRef t = requireShape(name, length);
        float[] v = t.vector();
        requireFinite(t, v, v.length);
        return v;
    }

    /** A NaN or infinity would poison every Gram and decomposition downstream: refuse it where it is read. */
    private static void requireFinite(TensorRef t, float[] values, int rowLength) {
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                String where = t.rank() == 1 ? "[" + k + "]" : "[" + k / rowLength + ", " + k % rowLength + "]";
                throw new CheckpointException(t.file(), "tensor '" + t.name() + "' holds " + values[k] + " at " + where);
            }
        }
    }

    /** As {@link #vector(String, long)}, or empty when the checkpoint has no such tensor. */
    public Optional<float[]> optionalVector(String name, long length) {
        return has(name) ? Optional.of(vector(name, length)) : Optional.empty();
    }

    /** The tensor {@code name}, failing naming tensor and file unless it exists with shape {@code expected}. */
    public TensorRef requireShape(String name, long... expected) {
        TensorRef t = tensor(name);
        if (!Arrays.equals(t.shape(), expected)) {
            throw new CheckpointException(
                    t.file(),
                    "tensor '" + t.name() + "' has shape " + Arrays.toString(t.shape())
                            + ", expected " + Arrays.toString(expected));
        }
        return t;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** Files that are copied unchanged beside converted weights (tokenizer files and the like). */
    public List<Path> extraFiles() {
        return extraFiles;
    }

    @Override
    public void close() {
        IOException first = null;
        for (Closeable c : resources) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw new UncheckedIOException(first);
        }
    }
}
