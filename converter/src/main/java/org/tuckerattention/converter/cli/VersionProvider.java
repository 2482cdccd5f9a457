package org.tuckerattention.converter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version the build stamped into {@code tucker-version.properties}. */
final class VersionProvider implements IVersionProvider {

    /** The project version, e.g. "0.1.0-SNAPSHOT". */
    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/tucker-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "tucker " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
