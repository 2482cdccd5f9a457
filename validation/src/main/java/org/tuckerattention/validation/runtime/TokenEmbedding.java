package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A {@code (vocab, d)} embedding table kept in Java; rows are gathered there and sent as one array. */
record TokenEmbedding(float[] table, int vocab, int d) {

    /** Rows {@code ids} as a {@code (T, d)} array on {@code manager}. */
    NDArray lookup(NDManager manager, int[] ids) {
        float[] x = new float[ids.length * d];
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= vocab) {
                throw new IllegalArgumentException("token id " + ids[t] + " outside the vocabulary of " + vocab);
            }
            System.arraycopy(table, ids[t] * d, x, t * d, d);
        }
        return manager.create(x, new Shape(ids.length, d));
    }
}
