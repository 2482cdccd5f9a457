package org.tuckerattention.formats.safetensors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.TensorBytes;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * Opens safetensors files read-only (DESIGN §11, STYLE §7). Only the header is read on opening;
 * tensor bytes are mapped when asked for, chunk by chunk, so files and tensors may exceed 2 GiB.
 */
public final class SafetensorsReader {

    /**
     * Opens and validates {@code file} (see {@link SafetensorsHeader} for what is checked).
     *
     * @throws CheckpointException naming the file when it is missing, unreadable or malformed
     */
    public static SafetensorsFile open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (AccessDeniedException e) {
            throw new CheckpointException(file, "permission denied");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot open: " + e.getMessage(), e);
        }
        try {
            SafetensorsHeader header = SafetensorsHeader.read(file, channel);
            Map<String, TensorRef> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.entries()) {
                TensorBytes bytes = TensorBytes.fileRegion(channel, header.dataStart() + e.begin());
                tensors.put(e.name(), new TensorRef(e.name(), e.dtype(), e.shape(), file, bytes));
            }
            return new SafetensorsFile(file, channel, tensors, header.metadata());
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private SafetensorsReader() {}
}
