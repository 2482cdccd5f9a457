package org.tuckerattention.converter.cli;

import org.tuckerattention.validation.runtime.ComputeDevice;
import picocli.CommandLine.Option;

/** {@code --device} of the commands that run models. */
final class DeviceOption {

    @Option(names = "--device", paramLabel = "D", defaultValue = "auto",
            description = "Where models run: auto (a GPU when one is visible, else the CPU), cpu or gpu. "
                    + "Default: ${DEFAULT-VALUE}.")
    ComputeDevice device;
}
