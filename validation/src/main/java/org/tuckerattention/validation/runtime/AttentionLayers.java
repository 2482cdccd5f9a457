package org.tuckerattention.validation.runtime;

import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;

/** Builds each layer's attention: Tucker where the config's {@code tucker_attention} block lists it, else dense. */
final class AttentionLayers {

    static AttentionLayer[] read(
            Weights w, ArchitectureAdapter adapter, AttentionGeometry g, boolean causal, AttentionObserver observer) {
        Optional<TuckerLayout> layout = TuckerLayout.of(w.checkpoint().config());
        layout.ifPresent(t -> t.layers().keySet().stream().filter(l -> l >= g.layers()).findFirst().ifPresent(l -> {
            throw new CheckpointException(w.checkpoint().config().file(),
                    "tucker_attention lists layer " + l + " of a model with " + g.layers() + " layers");
        }));
        float eps = (float) w.checkpoint().config().doubleOr("rms_norm_eps", 1e-6);
        AttentionLayer[] layers = new AttentionLayer[g.layers()];
        for (int l = 0; l < layers.length; l++) {
            TuckerLayout.LayerSpec spec = layout.isPresent() ? layout.get().layers().get(l) : null;
            layers[l] = spec != null
                    ? g.mla().isPresent()
                            ? TuckerMlaAttention.read(w, g, layout.get(), spec, eps, causal)
                            : TuckerAttention.read(w, g, layout.get(), spec, causal)
                    : g.mla().isPresent()
                            ? new MlaAttention(adapter.attention(w.checkpoint(), g, l), w, eps, causal)
                            : new DenseAttention(adapter.attention(w.checkpoint(), g, l), w, causal, observer);
        }
        return layers;
    }

    /** One empty cache per layer. */
    static LayerCache[] newCaches(AttentionLayer[] layers) {
        LayerCache[] caches = new LayerCache[layers.length];
        for (int l = 0; l < caches.length; l++) {
            caches[l] = layers[l].newCache();
        }
        return caches;
    }

    /** Whether any layer's attention is Tucker. */
    static boolean anyTucker(AttentionLayer[] layers) {
        for (AttentionLayer a : layers) {
            if (a instanceof TuckerAttention || a instanceof TuckerMlaAttention) {
                return true;
            }
        }
        return false;
    }

    private AttentionLayers() {}
}
