package org.tuckerattention.converter.compress;

import java.util.List;
import org.tuckerattention.converter.tucker.CoreStorage;

/** The {@code --core} setting: one core storage of DESIGN §5.2 for every side, or the best per side. */
public enum CoreChoice {
    /** A dense core with a head factor. */
    DENSE,
    /** Per-head blocks {@code A_i C_gᵀ}. */
    HEAD_FACTORED,
    /**
     * Per layer and side, the storage with the least error for the parameters: dense at the asked ranks
     * against head-factored at the largest ranks that cost no more; ties go to fewer parameters.
     */
    AUTO;

    /** The storages this choice allows. */
    List<CoreStorage> storages() {
        return this == AUTO ? List.of(CoreStorage.DENSE, CoreStorage.HEAD_FACTORED) : List.of(storage());
    }

    /** The choice that allows {@code storage} only. */
    static CoreChoice of(CoreStorage storage) {
        return storage == CoreStorage.DENSE ? DENSE : HEAD_FACTORED;
    }

    /** The fixed storage, or null for {@link #AUTO}. */
    CoreStorage storage() {
        return switch (this) {
            case DENSE -> CoreStorage.DENSE;
            case HEAD_FACTORED -> CoreStorage.HEAD_FACTORED;
            case AUTO -> null;
        };
    }
}
