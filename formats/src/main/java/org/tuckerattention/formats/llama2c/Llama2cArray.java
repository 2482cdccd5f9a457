package org.tuckerattention.formats.llama2c;

import java.util.function.ToLongFunction;

/**
 * The float32 arrays of a legacy v0 llama2.c checkpoint, in file order, with their element counts.
 * The header's size check and the importer's offsets both come from this one list, so they agree.
 */
enum Llama2cArray {
    EMBEDDING(h -> count(h.vocabSize(), h.dim())),
    RMS_ATT(h -> count(h.nLayers(), h.dim())),
    WQ(h -> count(h.nLayers(), h.dim(), h.dim())),
    WK(h -> count(h.nLayers(), h.kvDim(), h.dim())),
    WV(h -> count(h.nLayers(), h.kvDim(), h.dim())),
    WO(h -> count(h.nLayers(), h.dim(), h.dim())),
    RMS_FFN(h -> count(h.nLayers(), h.dim())),
    W1(h -> count(h.nLayers(), h.hiddenDim(), h.dim())),
    W2(h -> count(h.nLayers(), h.dim(), h.hiddenDim())),
    W3(h -> count(h.nLayers(), h.hiddenDim(), h.dim())),
    RMS_FINAL(h -> h.dim()),
    FREQ_CIS_REAL(h -> count(h.seqLen(), h.headSize() / 2)),
    FREQ_CIS_IMAG(h -> count(h.seqLen(), h.headSize() / 2)),
    /** The classifier, present only when it is not shared with the embedding. */
    WCLS(h -> h.sharedClassifier() ? 0 : count(h.vocabSize(), h.dim()));

    private final ToLongFunction<Llama2cHeader> elements;

    Llama2cArray(ToLongFunction<Llama2cHeader> elements) {
        this.elements = elements;
    }

    /** Number of floats this array holds; throws ArithmeticException if it overflows a long. */
    long elements(Llama2cHeader header) {
        return elements.applyAsLong(header);
    }

    private static long count(long... sizes) {
        long n = 1;
        for (long s : sizes) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }
}
