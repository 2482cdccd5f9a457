package org.tuckerattention.validation.runtime;

/** The requested compute device is not there (e.g. {@code --device gpu} with no GPU visible). */
public final class DeviceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String problem) {
        super(problem);
    }
}
