package org.tuckerattention.converter.compress;

/** Hears how far a compression is; a listener that throws stops it, leaving no output. */
public interface CompressProgress {

    /**
     * A tensor of a layer is about to be decomposed.
     *
     * @param done layers completed so far
     * @param total layers to compress
     * @param layer the layer's index in the model
     * @param tensor "pre-softmax" or "post-softmax"
     * @param elapsedSeconds since the compression started
     */
    void tensor(int done, int total, int layer, String tensor, double elapsedSeconds);

    /** The original model is about to run on calibration text {@code text}. */
    default void calibrating(java.nio.file.Path text) {}

    /** The last layer is done and the output is being assembled. */
    void writing(double elapsedSeconds);

    /** A listener that ignores everything. */
    static CompressProgress silent() {
        return new CompressProgress() {
            @Override
            public void tensor(int done, int total, int layer, String tensor, double elapsedSeconds) {}

            @Override
            public void writing(double elapsedSeconds) {}
        };
    }
}
