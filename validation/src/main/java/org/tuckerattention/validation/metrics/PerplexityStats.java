package org.tuckerattention.validation.metrics;

/** Perplexity of {@code tokens} scored tokens; {@code meanNll} in nats. */
public record PerplexityStats(long tokens, double meanNll, double perplexity, double uncertainty) {}
