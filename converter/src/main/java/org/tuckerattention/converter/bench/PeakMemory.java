package org.tuckerattention.converter.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Peak memory of a measured section: the JVM heap's peak (all heap pools) and, on Linux, the process's
 * peak resident set (VmHWM), which also counts native memory such as libtorch's buffers.
 */
public final class PeakMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /** Resets both peaks so the next {@link #heapBytes()} / {@link #residentBytes()} cover what follows. */
    public static void reset() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        try {
            // Writing 5 resets the kernel's peak RSS counter (Linux 4.0 and later).
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Not Linux or not allowed: residentBytes() then reports the peak since process start.
        }
    }

    /** Sum of the heap pools' peak usage since {@link #reset()}. */
    public static long heapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The process's peak resident set in bytes, where the OS reports it. */
    public static OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private PeakMemory() {}
}
