package org.tuckerattention.formats.llama2c;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tuckerattention.formats.CheckpointException;

/**
 * A llama2.c tokenizer file ({@code tokenizer.bin}, {@code tok512.bin}): int32 {@code
 * max_token_length}, then for each of {@code vocab_size} tokens a float32 merge score, an int32 byte
 * length and the piece's bytes, all little-endian (DESIGN §10). Only the vocabulary is read here;
 * encoding is not. Every length is checked against the file before anything is allocated.
 */
public final class Llama2cTokenizerFile {

    private final int maxTokenLength;
    private final float[] scores;
    private final byte[][] pieceBytes;
    private final List<String> pieces;

    private Llama2cTokenizerFile(int maxTokenLength, float[] scores, byte[][] pieceBytes) {
        this.maxTokenLength = maxTokenLength;
        this.scores = scores;
        this.pieceBytes = pieceBytes;
        List<String> text = new ArrayList<>(pieceBytes.length);
        for (byte[] b : pieceBytes) {
            text.add(new String(b, StandardCharsets.UTF_8));
        }
        this.pieces = Collections.unmodifiableList(text);
    }

    /** Reads the {@code vocabSize} tokens of {@code file}, which must hold exactly those. */
    public static Llama2cTokenizerFile read(Path file, int vocabSize) {
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabSize must be positive, got " + vocabSize);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            // Each token takes at least its score and length, so this bounds what is allocated below.
            long minimum = Integer.BYTES + 8L * vocabSize;
            if (size < minimum) {
                throw new CheckpointException(
                        file,
                        "file is " + size + " bytes, too short for " + vocabSize + " tokens (at least " + minimum
                                + " bytes)");
            }
            if (size > Integer.MAX_VALUE) {
                throw new CheckpointException(file, "file is " + size + " bytes, too large for a tokenizer");
            }
            ByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            return parse(file, in, vocabSize);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Llama2cTokenizerFile parse(Path file, ByteBuffer in, int vocabSize) {
        int maxTokenLength = in.getInt();
        if (maxTokenLength <= 0) {
            throw new CheckpointException(file, "max_token_length must be positive, got " + maxTokenLength);
        }
        float[] scores = new float[vocabSize];
        byte[][] pieceBytes = new byte[vocabSize][];
        for (int id = 0; id < vocabSize; id++) {
            if (in.remaining() < 8) {
                throw new CheckpointException(
                        file, "token " + id + ": file ends at byte " + in.limit() + " before its score and length");
            }
            scores[id] = in.getFloat();
            int length = in.getInt();
            if (length < 0) {
                throw new CheckpointException(file, "token " + id + ": length " + length + " is negative");
            }
            if (length > maxTokenLength) {
                throw new CheckpointException(
                        file, "token " + id + ": length " + length + " exceeds max_token_length " + maxTokenLength);
            }
            if (length > in.remaining()) {
                throw new CheckpointException(
                        file,
                        "token " + id + ": length " + length + " runs past the end of the file at byte " + in.limit());
            }
            pieceBytes[id] = new byte[length];
            in.get(pieceBytes[id]);
        }
        if (in.hasRemaining()) {
            // llama2.c would ignore these, but they mean the vocabulary size does not match the file.
            throw new CheckpointException(
                    file, in.remaining() + " bytes remain after the last of " + vocabSize + " tokens");
        }
        return new Llama2cTokenizerFile(maxTokenLength, scores, pieceBytes);
    }

    /** Number of tokens. */
    public int vocabSize() {
        return pieceBytes.length;
    }

    /** The longest piece in bytes, as the file states it. */
    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** Every piece decoded as UTF-8 (malformed bytes become U+FFFD; see {@link #pieceBytes}). */
    public List<String> pieces() {
        return pieces;
    }

    /** The raw bytes of piece {@code id} (a copy). */
    public byte[] pieceBytes(int id) {
        return pieceBytes[id].clone();
    }

    /** The merge score of piece {@code id}: higher merges first. */
    public float score(int id) {
        return scores[id];
    }
}
