package org.tuckerattention.validation.comparison;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The report of {@code tucker validate} as JSON: every number it prints, with the settings. */
public final class ValidationReportJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static ObjectNode toJson(ValidationReport r) {
        ObjectNode root = JSON.createObjectNode();
        ValidationSettings s = r.settings();
        ObjectNode settings = root.putObject("settings");
        settings.put("original", s.original().toString()).put("candidate", s.candidate().toString())
                .put("text", s.text().toString()).put("device", s.device().name().toLowerCase(java.util.Locale.ROOT));
        s.ctx().ifPresent(c -> settings.put("ctx", c));
        s.chunks().ifPresent(c -> settings.put("chunks", c));
        s.tokenizer().ifPresent(t -> settings.put("tokenizer", t.toString()));
        root.put("text", r.textDescription()).put("scoring", r.scoring()).put("device", r.original().device());
        root.set("original", JSON.valueToTree(r.original()));
        root.set("candidate", JSON.valueToTree(r.candidate()));
        r.causal().ifPresent(c -> {
            ObjectNode n = JSON.valueToTree(c);
            n.put("perplexityRatio", c.perplexityRatio());
            root.set("causal", n);
        });
        r.encoder().ifPresent(e -> root.set("encoder", JSON.valueToTree(e)));
        root.set("layers", JSON.valueToTree(r.layers()));
        root.put("loadSeconds", r.loadSeconds());
        root.put("verdict", r.verdict().label()).put("verdictLine", ValidationReportText.verdictLine(r));
        return root;
    }

    /** Writes the JSON to {@code file} through a temporary file beside it, renamed at the end. */
    public static void write(ValidationReport r, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            JSON.writeValue(temp.toFile(), toJson(r));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private ValidationReportJson() {}
}
