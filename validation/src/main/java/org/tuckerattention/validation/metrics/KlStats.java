package org.tuckerattention.validation.metrics;

/** Per-token KL(P‖Q) over {@code tokens} scored tokens, in nats; percentiles R-7. */
public record KlStats(long tokens, double mean, double meanUncertainty, double median, double p99, double max) {}
