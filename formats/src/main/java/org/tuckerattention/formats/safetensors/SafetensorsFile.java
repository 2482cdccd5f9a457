package org.tuckerattention.formats.safetensors;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * An open, validated safetensors file: its tensors (read lazily from the file) and its metadata.
 * Closing it closes the file; tensors already read stay valid, later reads fail.
 */
public final class SafetensorsFile implements Closeable {

    private final Path file;
    private final FileChannel channel;
    private final Map<String, TensorRef> tensors;
    private final Map<String, String> metadata;

    SafetensorsFile(Path file, FileChannel channel, Map<String, TensorRef> tensors, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public Path file() {
        return file;
    }

    /** Every tensor by name, in the order of their data in the file. */
    public Map<String, TensorRef> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} strings (e.g. {@code format=pt}); empty when absent. */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
