package org.tuckerattention.validation.metrics;

/** Δp of the correct token over {@code tokens} scored tokens. */
public record DeltaPStats(long tokens, double mean, double meanUncertainty, double rms) {}
