package org.tuckerattention.converter.ranks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RankReport} as {@code ranks.json}, {@code ranks.md} and {@code ranks.html} into a
 * folder. All three are rendered before any is written, and each goes to a temporary name in the
 * folder and is renamed into place, so a reader never sees a half-written file.
 */
public final class RankReportFiles {

    public static final String JSON = "ranks.json";
    public static final String MARKDOWN = "ranks.md";
    public static final String HTML = "ranks.html";

    private RankReportFiles() {}

    /** Creates {@code outDir} if needed and writes the three files; returns their paths, in the order above. */
    public static List<Path> write(RankReport report, Path outDir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(JSON, RankReportJson.write(report));
        files.put(MARKDOWN, RankReportMarkdown.write(report));
        files.put(HTML, RankReportHtml.write(report));
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path target = outDir.resolve(f.getKey());
            Path temp = Files.createTempFile(outDir, "." + f.getKey() + ".", ".tmp");
            try {
                Files.writeString(temp, f.getValue(), StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            written.add(target);
        }
        return written;
    }
}
