package org.tuckerattention.formats.llama2c;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tuckerattention.formats.CheckpointException;

/**
 * The header of a legacy v0 llama2.c checkpoint: seven little-endian int32, {@code dim, hidden_dim,
 * n_layers, n_heads, n_kv_heads, vocab_size, seq_len}, where a negative {@code vocab_size} means a
 * separate classifier ({@code wcls}) follows the other arrays. Instances returned by {@link #read}
 * have been checked against the file: every size positive, heads dividing evenly, an even head size
 * (rotary pairs), and a file exactly as long as the header implies (DESIGN §10).
 *
 * @param vocabSize the vocabulary size (the magnitude of the stored value)
 * @param sharedClassifier true when the stored vocab_size is positive: the classifier is the embedding
 */
public record Llama2cHeader(
        int dim,
        int hiddenDim,
        int nLayers,
        int nHeads,
        int nKvHeads,
        int vocabSize,
        boolean sharedClassifier,
        int seqLen) {

    /** Size of the header in bytes. */
    public static final int BYTES = 7 * Integer.BYTES;

    /** First int32 of llama2.c's newer versioned exports, "ak42" read as a little-endian int. */
    static final int VERSIONED_MAGIC = 0x616b3432;

    /** Reads and validates the header of {@code file}. */
    public static Llama2cHeader read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads and validates the header at the start of {@code channel}, which reads {@code file}. */
    static Llama2cHeader read(Path file, FileChannel channel) throws IOException {
        long actual = channel.size();
        if (actual < BYTES) {
            throw new CheckpointException(
                    file, "file is " + actual + " bytes, shorter than the " + BYTES + "-byte llama2.c header");
        }
        ByteBuffer buffer = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            // A positional read may return fewer bytes than asked; -1 means the file shrank meanwhile.
            if (channel.read(buffer, buffer.position()) < 0) {
                throw new CheckpointException(file, "file ended while reading the header");
            }
        }
        buffer.flip();
        int[] v = new int[7];
        for (int i = 0; i < v.length; i++) {
            v[i] = buffer.getInt();
        }
        if (v[0] == VERSIONED_MAGIC) {
            throw new CheckpointException(
                    file,
                    "llama2.c version " + v[1] + " export (magic \"ak42\"); only the legacy v0 format is supported");
        }
        String[] names = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
        for (int i = 0; i < v.length; i++) {
            if (i != 5 && v[i] <= 0) {
                throw new CheckpointException(file, names[i] + " must be positive, got " + v[i]);
            }
        }
        if (v[5] == 0 || v[5] == Integer.MIN_VALUE) {
            throw new CheckpointException(
                    file, "vocab_size must be non-zero (negative marks an unshared classifier), got " + v[5]);
        }
        Llama2cHeader header = new Llama2cHeader(v[0], v[1], v[2], v[3], v[4], Math.abs(v[5]), v[5] > 0, v[6]);
        header.checkShapes(file);
        long expected;
        try {
            expected = header.fileSize();
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, "the header's sizes overflow a 64-bit byte count");
        }
        if (expected != actual) {
            throw new CheckpointException(
                    file, "the header implies " + expected + " bytes but the file is " + actual + " bytes");
        }
        return header;
    }

    /** {@code head_size = dim / n_heads} (dH). */
    public int headSize() {
        return dim / nHeads;
    }

    /** {@code kv_dim = n_kv_heads * head_size}, the rows of wk and wv. */
    public int kvDim() {
        return nKvHeads * headSize();
    }

    /** The exact size in bytes of a file with this header; throws ArithmeticException on overflow. */
    public long fileSize() {
        return Math.addExact(
                offset(Llama2cArray.WCLS), Math.multiplyExact(Llama2cArray.WCLS.elements(this), Float.BYTES));
    }

    /** Byte offset of {@code array} from the start of the file. */
    long offset(Llama2cArray array) {
        long bytes = BYTES;
        for (Llama2cArray a : Llama2cArray.values()) {
            if (a == array) {
                return bytes;
            }
            bytes = Math.addExact(bytes, Math.multiplyExact(a.elements(this), Float.BYTES));
        }
        throw new IllegalArgumentException(array.toString());
    }

    private void checkShapes(Path file) {
        if (dim % nHeads != 0) {
            throw new CheckpointException(file, "dim " + dim + " is not divisible by n_heads " + nHeads);
        }
        if (nHeads % nKvHeads != 0) {
            throw new CheckpointException(file, "n_heads " + nHeads + " is not divisible by n_kv_heads " + nKvHeads);
        }
        if (headSize() % 2 != 0) {
            throw new CheckpointException(
                    file,
                    "head_size " + headSize() + " (dim " + dim + " / n_heads " + nHeads
                            + ") must be even for rotary pairs");
        }
    }
}
