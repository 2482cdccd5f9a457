package org.tuckerattention.converter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The peak of the process's anonymous resident memory (RssAnon: heap, native buffers) over a measured
 * section, sampled every {@link #PERIOD_MS} ms. The kernel keeps no high-water mark for it, and VmHWM alone
 * misleads when a checkpoint is memory-mapped: the pages read from the input count as resident too, although
 * the kernel may drop them at any time.
 */
public final class AnonymousPeak implements AutoCloseable {

    static final long PERIOD_MS = 50;

    private static final Path STATUS = Path.of("/proc/self/status");

    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakBytes = -1;

    private AnonymousPeak() {
        sampler = new Thread(this::sample, "tucker-anonymous-peak");
        sampler.setDaemon(true);
    }

    /** Starts sampling now. */
    public static AnonymousPeak start() {
        AnonymousPeak p = new AnonymousPeak();
        p.sampler.start();
        return p;
    }

    /** The highest RssAnon seen so far, or empty where the OS does not report it. */
    public OptionalLong bytes() {
        long b = Math.max(peakBytes, anonymousBytes());
        return b < 0 ? OptionalLong.empty() : OptionalLong.of(b);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    private void sample() {
        while (running) {
            long now = anonymousBytes();
            if (now < 0) {
                return;
            }
            peakBytes = Math.max(peakBytes, now);
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long anonymousBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.substring(8).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return -1;
        }
        return -1;
    }
}
