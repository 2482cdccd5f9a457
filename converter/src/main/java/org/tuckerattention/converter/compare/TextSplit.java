package org.tuckerattention.converter.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.validation.text.TextFiles;

/**
 * The text cut by lines into a validation part (the beginning) and a selection part (the last lines), so
 * that settings tuned on the selection part are never judged on the text they were tuned on.
 */
record TextSplit(Path validation, Path selection) {

    /** Writes both parts into {@code dir}. */
    static TextSplit of(Path text, double selectionFraction, Path dir) {
        List<String> lines = TextFiles.read(text).lines().toList();
        int cut = (int) Math.round(lines.size() * (1 - selectionFraction));
        if (cut < 1 || cut >= lines.size()) {
            throw new CheckpointException(text, lines.size() + " lines: too short to set some aside for selection");
        }
        TextSplit split = new TextSplit(dir.resolve("validation.txt"), dir.resolve("selection.txt"));
        try {
            Files.write(split.validation, lines.subList(0, cut), StandardCharsets.UTF_8);
            Files.write(split.selection, lines.subList(cut, lines.size()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return split;
    }
}
