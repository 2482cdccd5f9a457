package org.tuckerattention.validation.runtime;

/**
 * What a loaded model costs as this runtime holds it.
 *
 * @param attention "dense", or "tucker" with the RoPE strategy when any layer is Tucker
 * @param attentionParameters parameters of every layer's attention as stored
 * @param kvCacheBytesPerToken bytes one token adds to the KV cache over all layers (float32); 0 for encoders
 * @param device where it runs, e.g. "cpu (PyTorch 2.7.1, 2 threads)"
 */
public record ModelFigures(String architecture, String attention, int layers, long attentionParameters,
        long kvCacheBytesPerToken, String device) {

    /** Figures of {@code layers}, stored in float32 ({@value Float#BYTES} bytes a value). */
    static ModelFigures of(String architecture, String attention, AttentionLayer[] layers, boolean cached,
            String device) {
        long params = 0;
        long values = 0;
        for (AttentionLayer a : layers) {
            params += a.parameterCount();
            values += a.cacheValuesPerToken();
        }
        return new ModelFigures(architecture, attention, layers.length, params, cached ? values * Float.BYTES : 0,
                device);
    }
}
