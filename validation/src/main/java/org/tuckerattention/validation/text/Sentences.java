package org.tuckerattention.validation.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Sentences of a plain text for encoder validation: split after . ! ? and blank lines, whitespace collapsed. */
public final class Sentences {

    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?])\\s+|\\n\\s*\\n");

    /** The first {@code max} sentences of {@code text} with at least {@code minWords} words. */
    public static List<String> of(String text, int max, int minWords) {
        List<String> out = new ArrayList<>();
        for (String s : BOUNDARY.split(text)) {
            String sentence = s.strip().replaceAll("\\s+", " ");
            if (!sentence.isEmpty() && sentence.split(" ").length >= minWords) {
                out.add(sentence);
                if (out.size() == max) {
                    break;
                }
            }
        }
        return out;
    }

    private Sentences() {}
}
