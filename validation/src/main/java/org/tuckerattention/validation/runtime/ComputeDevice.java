package org.tuckerattention.validation.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Where the runtime computes: {@code cpu}, {@code gpu}, or {@code auto} (the first GPU when the
 * engine sees one, else the CPU). The CPU build of libtorch sees no GPU; the {@code -Pcuda} build
 * profile swaps in the CUDA one (DESIGN §11).
 */
public enum ComputeDevice {
    AUTO,
    CPU,
    GPU;

    /** DJL's property for libtorch's intra-op thread count, read once when the engine starts. */
    private static final String NUM_THREADS = "ai.djl.pytorch.num_threads";

    /** The PyTorch engine, started on first use with one intra-op thread per processor unless set. */
    public static Engine engine() {
        if (System.getProperty(NUM_THREADS) == null) {
            System.setProperty(NUM_THREADS, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        return Engine.getEngine("PyTorch");
    }

    /** The DJL device; fails with a one-line reason when {@code gpu} is asked for and none is visible. */
    public Device resolve() {
        int gpus = engine().getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new DeviceUnavailableException("--device gpu: no GPU is visible to PyTorch "
                            + engine().getVersion() + " (this build has the CPU library; build with -Pcuda on a "
                            + "machine with an NVIDIA GPU)");
                }
                yield Device.gpu();
            }
        };
    }

    /** How a resolved device is named in reports, e.g. "cpu (PyTorch 2.7.1, 2 threads)". */
    public static String describe(Device device) {
        String threads = System.getProperty(NUM_THREADS, "default");
        return device.getDeviceType().toLowerCase(Locale.ROOT)
                + (device.isGpu() ? " " + device.getDeviceId() : "")
                + " (PyTorch " + engine().getVersion() + ", " + threads + " threads)";
    }
}
