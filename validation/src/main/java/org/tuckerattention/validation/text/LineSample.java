package org.tuckerattention.validation.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A content-defined sample of a text's lines, to tell cheaply whether two texts share lines: every line
 * of at least {@link #MIN_CHARS} characters (whitespace collapsed) whose SHA-256 starts with four zero
 * bits, kept as bytes 1..8 of that hash in hex, at most {@link #MAX_KEPT} of them. Both texts sample by
 * the same rule, so a shared run of k long lines is seen with probability {@code 1 − (15/16)^k} (96 % at
 * k = 50): a shared chunk of text is found, a single shared sentence may not be.
 */
public final class LineSample {

    /** Shorter lines (headings, "Chapter 1", blank) are common to unrelated texts and are skipped. */
    public static final int MIN_CHARS = 40;

    /** Keeps the sample (and the config.json that records it) small for long texts. */
    public static final int MAX_KEPT = 1024;

    /** The sampled line hashes of {@code text}, in order of first appearance. */
    public static Set<String> of(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            String l = line.strip().replaceAll("\\s+", " ");
            if (l.length() >= MIN_CHARS) {
                byte[] h = sha256(l);
                if ((h[0] & 0xF0) == 0) {
                    out.add(HexFormat.of().formatHex(h, 1, 9));
                    if (out.size() == MAX_KEPT) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** The SHA-256 of {@code bytes} in hex. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static byte[] sha256(String line) {
        return digest().digest(line.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private LineSample() {}
}
