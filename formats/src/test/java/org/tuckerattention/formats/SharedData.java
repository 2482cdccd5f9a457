package org.tuckerattention.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the read-only project data in {@code ../shared} (models, text). Missing data fails the test
 * under {@code CI=true} and skips it, with the reason, elsewhere (DESIGN §10).
 */
public final class SharedData {

    /** The shared folder: system property {@code tucker.shared} (set by the build), else ../shared. */
    public static Path root() {
        String configured = System.getProperty("tucker.shared");
        return Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
    }

    /** {@code relative} under the shared folder; fails in CI and skips elsewhere when it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String why = "shared data missing: " + p;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: missing shared data is a failure)");
            }
            Assumptions.abort(why);
        }
        return p;
    }

    public static Path stories260K() {
        return require("models/stories260K");
    }

    private SharedData() {}
}
