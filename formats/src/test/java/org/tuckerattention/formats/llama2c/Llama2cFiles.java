package org.tuckerattention.formats.llama2c;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes small llama2.c checkpoints for the tests: a seven-int header and seeded random floats. */
final class Llama2cFiles {

    /**
     * The tiny model the synthetic tests use: dim 8, hidden 12, 2 layers, 2 heads, 1 kv head, vocab 16,
     * seq_len 4. Counted by hand: 1144 floats before wcls, 128 more for wcls, plus the 28-byte header.
     */
    static final int[] TINY = {8, 12, 2, 2, 1, 16, 4};

    static final int TINY_SHARED_FLOATS = 1144;

    static final int TINY_UNSHARED_FLOATS = 1144 + 128;

    /** The header ints followed by {@code floats}, little-endian. */
    static Path write(Path file, int[] header, float[] floats) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * header.length + 4 * floats.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : header) {
            b.putInt(v);
        }
        for (float f : floats) {
            b.putFloat(f);
        }
        return Files.write(file, b.array());
    }

    /** {@code count} floats from a seeded generator, so every test sees the same weights. */
    static float[] randomFloats(int count) {
        Random random = new Random(345);
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return f;
    }

    /** {@link #TINY} with entry {@code index} replaced by {@code value}. */
    static int[] tinyWith(int index, int value) {
        int[] h = TINY.clone();
        h[index] = value;
        return h;
    }

    private Llama2cFiles() {}
}
