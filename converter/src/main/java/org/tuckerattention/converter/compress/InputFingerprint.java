package org.tuckerattention.converter.compress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.tensor.TensorRef;

/** The identity of a compressed checkpoint's source: the sha256 of every file its tensors come from. */
final class InputFingerprint {

    /** File name → lowercase hex sha256, for each distinct file holding the checkpoint's tensors. */
    static Map<String, String> sha256(Checkpoint ckpt) {
        Map<String, String> out = new TreeMap<>();
        for (Path file : ckpt.tensors().values().stream().map(TensorRef::file).distinct().toList()) {
            out.put(file.getFileName().toString(), sha256(file));
        }
        return out;
    }

    static String sha256(Path file) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private InputFingerprint() {}
}
