package org.tuckerattention.validation.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;

/** Loads any supported checkpoint, dense or Tucker, into the runtime. */
public final class Models {

    /** Opens {@code path} (see {@link Checkpoints#open}) and loads it on {@code device}. */
    public static LoadedModel open(Path path, ComputeDevice device) {
        return open(path, device, AttentionObserver.NONE);
    }

    /** As {@link #open(Path, ComputeDevice)}, reporting the dense attention layers to {@code observer}. */
    public static LoadedModel open(Path path, ComputeDevice device, AttentionObserver observer) {
        Device resolved = device.resolve();
        Checkpoint checkpoint = Checkpoints.open(path);
        try {
            return load(checkpoint, resolved, observer);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    /** Loads an open checkpoint on {@code device}; the model closes it. */
    public static LoadedModel load(Checkpoint checkpoint, Device device) {
        return load(checkpoint, device, AttentionObserver.NONE);
    }

    /** As {@link #load(Checkpoint, Device)}, reporting the dense attention layers to {@code observer}. */
    public static LoadedModel load(Checkpoint checkpoint, Device device, AttentionObserver observer) {
        ArchitectureAdapter adapter = Adapters.forConfig(checkpoint.config());
        AttentionGeometry g = adapter.geometry(checkpoint.config());
        String type = checkpoint.config().modelType();
        NDManager manager = ComputeDevice.engine().newBaseManager(device);
        try {
            Weights w = new Weights(checkpoint, manager);
            String where = ComputeDevice.describe(device);
            switch (type) {
                case "llama", "mistral", "qwen2", "gpt2", "deepseek_v2", "deepseek_v3" -> {
                    AttentionLayer[] attention = AttentionLayers.read(w, adapter, g, true, observer);
                    Decoder decoder = type.equals("gpt2") ? new Gpt2Model(w, g, attention) : new LlamaModel(w, g, attention);
                    return new CausalModel(checkpoint, manager, decoder, attention,
                            ModelFigures.of(type, form(checkpoint, attention), attention, true, where),
                            checkpoint.config().requirePositiveInt("vocab_size"));
                }
                case "bert" -> {
                    return new EncoderModel(w, g, AttentionLayers.read(w, adapter, g, false, observer), where);
                }
                default -> throw new CheckpointException(checkpoint.config().file(),
                        "model_type '" + type + "' can be inspected but not run (the runtime runs llama, mistral, "
                                + "qwen2, gpt2, deepseek_v2/v3 with dense MLPs and bert)");
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static String form(Checkpoint checkpoint, AttentionLayer[] attention) {
        return AttentionLayers.anyTucker(attention)
                ? "tucker, rope " + TuckerLayout.of(checkpoint.config()).orElseThrow().rope().name().toLowerCase(
                        java.util.Locale.ROOT)
                : "dense";
    }

    private Models() {}
}
