package org.tuckerattention.converter.compare;

/**
 * One converted model measured against the original.
 *
 * @param method "original", "gqa", "mla", "svd", "tucker-hosvd" or "tucker-hooi"
 * @param budget the budget fraction asked (for GQA: the fraction its head count gives)
 * @param description the chosen ranks or heads in words
 * @param attentionParameters attention parameters as the method stores them, all layers
 * @param kvCacheBytesPerToken float32 KV-cache bytes per token, all layers, as the method would cache (0 for encoders)
 * @param meanKld mean KL divergence from the original (causal models; NaN for encoders)
 * @param topOne top-1 agreement with the original (causal models; NaN for encoders)
 * @param meanCosine mean cosine of mean-pooled embeddings (encoders; NaN for causal models)
 */
public record CompareRow(String method, double budget, String description, long attentionParameters,
        long kvCacheBytesPerToken, double meanKld, double topOne, double meanCosine) {}
