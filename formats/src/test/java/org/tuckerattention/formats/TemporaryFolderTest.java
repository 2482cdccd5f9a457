package org.tuckerattention.formats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemporaryFolderTest {

    @Test
    void closingRemovesTheFolderWithEverythingInIt() throws IOException {
        Path path;
        try (TemporaryFolder folder = TemporaryFolder.create("tucker-test-")) {
            path = folder.path();
            Files.writeString(Files.createDirectories(path.resolve("a/b")).resolve("c.txt"), "x");
            Files.writeString(path.resolve("d.txt"), "y");
            assertTrue(Files.isDirectory(path));
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void aFolderAlreadyGoneIsNoError() throws IOException {
        try (TemporaryFolder folder = TemporaryFolder.create("tucker-test-")) {
            TemporaryFolder.deleteTree(folder.path());
        }
    }
}
