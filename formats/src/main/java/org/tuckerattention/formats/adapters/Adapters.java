package org.tuckerattention.formats.adapters;

import java.util.List;
import java.util.stream.Collectors;
import org.tuckerattention.formats.hf.HfConfig;

/** The registry of architecture adapters: one explicit list, looked up by config.json's {@code model_type}. */
public final class Adapters {

    private static final List<ArchitectureAdapter> ALL = List.of(
            new LlamaAdapter(), new Gpt2Adapter(), new BertAdapter(), new VitAdapter(), new DeepseekV2Adapter());

    /** Every registered adapter. */
    public static List<ArchitectureAdapter> all() {
        return ALL;
    }

    /** Every supported {@code model_type}, sorted. */
    public static List<String> supportedModelTypes() {
        return ALL.stream().flatMap(a -> a.modelTypes().stream()).sorted().collect(Collectors.toList());
    }

    /** The adapter for the config's {@code model_type}, or an error listing what is supported. */
    public static ArchitectureAdapter forConfig(HfConfig config) {
        String type = config.modelType();
        return ALL.stream()
                .filter(a -> a.modelTypes().contains(type))
                .findFirst()
                .orElseThrow(() -> new UnsupportedArchitectureException(
                        config.file(), type, supportedModelTypes()));
    }

    private Adapters() {}
}
