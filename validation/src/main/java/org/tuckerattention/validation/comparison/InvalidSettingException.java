package org.tuckerattention.validation.comparison;

/** A setting that cannot work with these models or this text (e.g. a context longer than the model's). */
public final class InvalidSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String problem) {
        super(problem);
    }
}
