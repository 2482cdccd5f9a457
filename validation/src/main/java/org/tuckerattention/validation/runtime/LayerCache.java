package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What one layer keeps of the tokens seen so far (its KV cache): a few arrays, each grown along one
 * token axis. Between steps the arrays belong to the session's manager; during a step they are lent
 * to the step's manager so that operations on them are freed with the step (see package notes).
 */
final class LayerCache {

    private final NDArray[] slots;

    LayerCache(int slots) {
        this.slots = new NDArray[slots];
    }

    /**
     * Appends {@code fresh} to slot {@code slot} along {@code axis} and returns the whole slot (the
     * past tokens followed by the new ones). The first append stores {@code fresh} itself.
     */
    NDArray append(int slot, NDArray fresh, int axis) {
        NDArray past = slots[slot];
        slots[slot] = past == null ? fresh : past.concat(fresh, axis);
        return slots[slot];
    }

    /** Moves every stored array to {@code manager}; what it replaced stays with the old one. */
    void attach(NDManager manager) {
        for (NDArray a : slots) {
            if (a != null) {
                a.attach(manager);
            }
        }
    }
}
