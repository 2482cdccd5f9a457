package org.tuckerattention.validation.comparison;

import org.tuckerattention.validation.metrics.CosineStats;

/** The metrics of an encoder against its original on the same sentences; times in seconds. */
public record EncoderResult(CosineStats meanPooled, CosineStats clsPooled, double hiddenStateRelativeError,
        long tokens, double originalSeconds, double candidateSeconds) {}
