package org.tuckerattention.validation.metrics;

/** Top-1 agreement as a fraction in [0, 1], with its standard error. */
public record TopOneStats(long tokens, double fraction, double uncertainty) {}
