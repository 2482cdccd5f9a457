package org.tuckerattention.formats.adapters;

import java.nio.file.Path;
import java.util.List;
import org.tuckerattention.formats.CheckpointException;

/** A checkpoint whose {@code model_type} no adapter reads; the message lists the supported ones. */
public final class UnsupportedArchitectureException extends CheckpointException {

    private static final long serialVersionUID = 1L;

    public UnsupportedArchitectureException(Path config, String modelType, List<String> supported) {
        super(config, "unsupported model_type '" + modelType + "' (supported: " + String.join(", ", supported) + ")");
    }
}
