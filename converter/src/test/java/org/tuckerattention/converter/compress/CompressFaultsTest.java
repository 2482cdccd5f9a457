package org.tuckerattention.converter.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.cli.TuckerCli;

/**
 * Faults while {@code tucker compress} writes (issue: reliability): a full disk, a read-only output location
 * and a {@code kill -9} mid-write. In every case no checkpoint appears at OUTPUT, the input is unchanged, and
 * where the process survives it says what happened in one line. Full and read-only file systems are real
 * tmpfs mounts (the tests run as root, as CI does).
 */
class CompressFaultsTest {

    @TempDir
    Path tmp;

    private final List<Path> mounts = new java.util.ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            run("umount", m.toString());
        }
    }

    private Path input() throws IOException {
        return Compressions.copyOfStories(tmp);
    }

    private Path tmpfs(String name, String options) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()),
                "mounting a tmpfs needs root, as the tests and CI run");
        mounts.add(dir);
        return dir;
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private record Cli(int exitCode, String err) {
        static Cli of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = TuckerCli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
            return new Cli(code, err.toString());
        }
    }

    @Test
    void aFullDiskLeavesNoOutputAndSaysSo() throws Exception {
        Path in = input();
        Map<String, String> before = Compressions.hashes(in);
        Path disk = tmpfs("full", "size=256k");
        Path out = disk.resolve("out");
        Cli run = Cli.of("compress", in.toString(), out.toString(), "--ranks", "8,64,32/8,64,32",
                "--core", "head-factored");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals("tucker: I/O error: cannot write " + out + ": No space left on device", run.err().strip());
        assertFalse(Files.exists(out));
        try (var left = Files.list(disk)) {
            assertEquals(List.of(), left.toList(), "no staging folder left on the full disk");
        }
        assertEquals(before, Compressions.hashes(in));
    }

    @Test
    void aReadOnlyLocationLeavesNoOutputAndSaysSo() throws Exception {
        Path in = input();
        Map<String, String> before = Compressions.hashes(in);
        Path readOnly = tmpfs("ro", "ro,size=1m");
        Path out = readOnly.resolve("out");
        Cli run = Cli.of("compress", in.toString(), out.toString(), "--tol", "0.1");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals("tucker: I/O error: cannot create a folder beside " + out + ": Read-only file system",
                run.err().strip());
        assertFalse(Files.exists(out));
        assertEquals(before, Compressions.hashes(in));
    }

    @Test
    void killMinus9MidWriteLeavesNoOutputAndAnUnchangedInput() throws Exception {
        Path in = input();
        Map<String, String> before = Compressions.hashes(in);
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Path out = parent.resolve("out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                TuckerCli.class.getName(), "compress", in.toString(), out.toString(),
                "--ranks", "8,64,32/8,64,32", "--core", "head-factored")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean staging = false;
        while (!staging && child.isAlive() && System.nanoTime() < deadline) {
            try (var entries = Files.list(parent)) {
                staging = entries.findAny().isPresent();
            }
            Thread.sleep(5);
        }
        assertTrue(staging && child.isAlive(), "the child began writing and was still running: "
                + Files.readString(tmp.resolve("child.log")));
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertFalse(Files.exists(out), "no checkpoint at OUTPUT after kill -9");
        assertEquals(before, Compressions.hashes(in));

        // What kill -9 leaves (a staging folder beside OUTPUT) does not stand in the way of the next run.
        Cli again = Cli.of("compress", in.toString(), out.toString(), "--ranks", "8,64,32/8,64,32",
                "--core", "head-factored");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
    }
}
