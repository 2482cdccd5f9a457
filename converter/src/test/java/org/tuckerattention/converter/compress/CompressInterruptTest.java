package org.tuckerattention.converter.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.SharedData;

/** A compression that fails part-way leaves no output, no partial folder, and the input as it was. */
class CompressInterruptTest {

    @Test
    void failureAtLayerTwoLeavesNoOutputAndAnUnchangedInput(@TempDir Path tmp) throws IOException {
        Path input = Compressions.copyOfStories(tmp);
        Map<String, String> before = Compressions.hashes(input);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CompressPipeline.run(
                input, tmp.resolve("out"), settings(), failingAt(2, false)));
        assertEquals("injected failure", e.getMessage());
        assertEquals(List.of("in"), listing(tmp), "nothing but the input is left");
        assertEquals(before, Compressions.hashes(input));
    }

    @Test
    void failureWhileAssemblingLeavesNoOutputAndAnUnchangedInput(@TempDir Path tmp) throws IOException {
        Path input = Compressions.copyOfStories(tmp);
        Map<String, String> before = Compressions.hashes(input);
        assertThrows(IllegalStateException.class, () -> CompressPipeline.run(
                input, tmp.resolve("out"), settings(), failingAt(-1, true)));
        assertEquals(List.of("in"), listing(tmp));
        assertEquals(before, Compressions.hashes(input));
    }

    private static CompressSettings settings() {
        return Compressions.settings(RankSpec.fixed(4, 32, 16), RankSpec.fixed(4, 32, 16), CoreChoice.AUTO, 0);
    }

    /** Throws when layer {@code layer} starts, or when writing starts. */
    private static CompressProgress failingAt(int layer, boolean whenWriting) {
        return new CompressProgress() {
            @Override
            public void tensor(int done, int total, int l, String tensor, double elapsedSeconds) {
                if (l == layer) {
                    throw new IllegalStateException("injected failure");
                }
            }

            @Override
            public void writing(double elapsedSeconds) {
                if (whenWriting) {
                    throw new IllegalStateException("injected failure");
                }
            }
        };
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
