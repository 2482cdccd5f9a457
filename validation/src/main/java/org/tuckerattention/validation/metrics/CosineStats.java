package org.tuckerattention.validation.metrics;

/** Per-sentence cosine of pooled embeddings over {@code sentences} sentences. */
public record CosineStats(long sentences, double mean, double min) {}
