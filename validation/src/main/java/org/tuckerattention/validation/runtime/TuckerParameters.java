package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tuckerattention.formats.CheckpointException;

/**
 * The Tucker tensors of a loaded model (cores, factors, folded biases; docs/checkpoint-format.md) as the
 * runtime holds them, so that they can be trained in place: change them (or let autograd track them),
 * then {@link #rebuild} the arrays the forward pass forms from them. Dense layers and every other weight
 * are not included.
 */
public final class TuckerParameters {

    private final SortedMap<String, NDArray> tensors;
    private final List<TuckerAttention> layers;

    private TuckerParameters(SortedMap<String, NDArray> tensors, List<TuckerAttention> layers) {
        this.tensors = tensors;
        this.layers = layers;
    }

    static TuckerParameters of(AttentionLayer[] attention, LoadedModel model) {
        SortedMap<String, NDArray> tensors = new TreeMap<>();
        List<TuckerAttention> layers = new ArrayList<>();
        for (AttentionLayer a : attention) {
            if (a instanceof TuckerAttention t) {
                layers.add(t);
                tensors.putAll(t.stored());
            }
        }
        if (layers.isEmpty()) {
            throw new CheckpointException(model.config().file(),
                    "not a Tucker-attention checkpoint (no layer is listed in a tucker_attention block)");
        }
        return new TuckerParameters(Collections.unmodifiableSortedMap(tensors), List.copyOf(layers));
    }

    /** Checkpoint name → the runtime's float32 array of that tensor, in its stored shape; sorted by name. */
    public SortedMap<String, NDArray> tensors() {
        return tensors;
    }

    /**
     * Forms again the arrays each layer derives from its stored tensors (e.g. {@code B_i = Σ_a U1[i,a] C[a]});
     * call it after the tensors change and, when training, inside the gradient scope before each forward
     * pass so that the derivation is differentiated too. The formed arrays are attached to {@code scope}:
     * the model must not run after {@code scope} closes until the next rebuild.
     */
    public void rebuild(NDManager scope) {
        for (TuckerAttention t : layers) {
            t.rebuild(scope);
        }
    }
}
