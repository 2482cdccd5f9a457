package org.tuckerattention.validation.tokenizers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.tuckerattention.formats.llama2c.Llama2cTokenizerFile;

/**
 * llama2.c's byte-pair encoding (run.c {@code encode}/{@code decode}): BOS (id 1), a leading space
 * token for non-empty text, each UTF-8 character as its piece or as byte tokens {@code <0xNN>} (id
 * byte + 3), then repeatedly the adjacent pair whose merged piece has the highest score is merged
 * (the leftmost on ties) until no merged piece is in the vocabulary.
 */
public final class Llama2cTokenizer implements TextTokenizer {

    static final int BOS = 1;
    private static final int EOS = 2;
    private static final int BYTE_OFFSET = 3;

    private final Path file;
    private final Llama2cTokenizerFile vocabulary;
    private final Map<String, Integer> ids = new HashMap<>();

    public Llama2cTokenizer(Path file, Llama2cTokenizerFile vocabulary) {
        this.file = file;
        this.vocabulary = vocabulary;
        for (int id = 0; id < vocabulary.vocabSize(); id++) {
            ids.putIfAbsent(key(vocabulary.pieceBytes(id)), id);
        }
    }

    /** Reads {@code file} with {@code vocabSize} tokens. */
    public static Llama2cTokenizer read(Path file, int vocabSize) {
        return new Llama2cTokenizer(file, Llama2cTokenizerFile.read(file, vocabSize));
    }

    @Override
    public int[] encode(String text) {
        return encode(text, true);
    }

    @Override
    public int[] encodePlain(String text) {
        return encode(text, false);
    }

    private int[] encode(String text, boolean bos) {
        List<Integer> tokens = new ArrayList<>();
        if (bos) {
            tokens.add(BOS);
        }
        if (!text.isEmpty()) {
            Integer space = ids.get(" ");
            if (space != null) {
                tokens.add(space);
            }
        }
        text.codePoints().forEach(cp -> {
            byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            Integer id = ids.get(key(utf8));
            if (id != null) {
                tokens.add(id);
            } else {
                for (byte b : utf8) {
                    tokens.add((b & 0xff) + BYTE_OFFSET);
                }
            }
        });
        merge(tokens, bos ? 1 : 0);
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Merges the best-scoring adjacent pair until none merges; tokens before {@code from} stay. The same
     * merges as run.c's repeated scan (highest score, leftmost on ties), in O(n log n): candidate pairs
     * wait in a queue ordered by score, then position, and are dropped when a neighbour has changed.
     */
    private void merge(List<Integer> tokens, int from) {
        int n = tokens.size();
        int[] id = new int[n];
        int[] next = new int[n];
        int[] prev = new int[n];
        int[] version = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = tokens.get(i);
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1 >= from ? i - 1 : -1;
        }
        PriorityQueue<Pair> queue = new PriorityQueue<>();
        for (int i = from; i + 1 < n; i++) {
            offer(queue, id, version, i, i + 1);
        }
        boolean[] gone = new boolean[n];
        while (!queue.isEmpty()) {
            Pair p = queue.poll();
            if (gone[p.left] || gone[p.right] || next[p.left] != p.right || version[p.left] != p.leftVersion
                    || version[p.right] != p.rightVersion) {
                continue;
            }
            id[p.left] = p.merged;
            version[p.left]++;
            gone[p.right] = true;
            next[p.left] = next[p.right];
            if (next[p.right] >= 0) {
                prev[next[p.right]] = p.left;
                offer(queue, id, version, p.left, next[p.left]);
            }
            if (prev[p.left] >= 0) {
                offer(queue, id, version, prev[p.left], p.left);
            }
        }
        tokens.clear();
        for (int i = 0; i < n; i++) {
            if (!gone[i]) {
                tokens.add(id[i]);
            }
        }
    }

    private void offer(PriorityQueue<Pair> queue, int[] id, int[] version, int left, int right) {
        Integer merged = ids.get(key(id[left]) + key(id[right]));
        if (merged != null) {
            queue.add(new Pair(vocabulary.score(merged), left, right, version[left], version[right], merged));
        }
    }

    /** A mergeable adjacent pair as it was when queued; higher score first, then further left. */
    private record Pair(float score, int left, int right, int leftVersion, int rightVersion, int merged)
            implements Comparable<Pair> {

        @Override
        public int compareTo(Pair o) {
            int byScore = Float.compare(o.score, score);
            return byScore != 0 ? byScore : Integer.compare(left, o.left);
        }
    }

    @Override
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int previous = -1;
        for (int t : tokens) {
            if (t != BOS && t != EOS) {
                byte[] piece = pieceBytes(previous, t);
                out.write(piece, 0, piece.length);
            }
            previous = t;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The bytes token {@code token} stands for after {@code previous}: run.c strips the space after BOS. */
    private byte[] pieceBytes(int previous, int token) {
        byte[] piece = vocabulary.pieceBytes(token);
        String text = key(piece);
        if (text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            try {
                return new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
            } catch (NumberFormatException e) {
                return piece;
            }
        }
        if (previous == BOS && piece.length > 0 && piece[0] == ' ') {
            return java.util.Arrays.copyOfRange(piece, 1, piece.length);
        }
        return piece;
    }

    @Override
    public String description() {
        return file.getFileName() + " (llama2.c, " + vocabulary.vocabSize() + " tokens)";
    }

    /** Bytes as a map key: ISO-8859-1 maps each byte to one char and back without loss. */
    private static String key(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private String key(int id) {
        return key(vocabulary.pieceBytes(id));
    }

    @Override
    public void close() {}
}
