package org.tuckerattention.validation.comparison;

import java.util.List;
import java.util.Optional;
import org.tuckerattention.validation.runtime.ModelFigures;

/**
 * Everything {@code tucker validate} found: both models' figures, the text and how it was cut, the
 * metrics (causal or encoder), per-layer decomposition errors of the candidate, timings and verdict.
 *
 * @param textDescription the text, its token count and the tokenizer
 * @param scoring how the tokens were scored (chunks, context, which half), or the sentences run
 * @param loadSeconds time to load both models
 */
public record ValidationReport(ValidationSettings settings, ModelFigures original, ModelFigures candidate,
        String textDescription, String scoring, Optional<CausalResult> causal, Optional<EncoderResult> encoder,
        List<LayerDecomposition> layers, double loadSeconds, Verdict verdict) {}
