package org.tuckerattention.converter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * What tells a timing on a shared machine apart from a slow program: the CPU seconds this process used (all
 * its threads, native ones included) and the system load average when a run starts.
 */
final class ProcessLoad {

    /** CPU time of this process in nanoseconds, or -1 where the JVM does not report it. */
    static long cpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** The one-minute system load average, or a negative number where unavailable. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private ProcessLoad() {}
}
