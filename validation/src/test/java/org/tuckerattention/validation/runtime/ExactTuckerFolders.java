package org.tuckerattention.validation.runtime;

import java.nio.file.Path;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.hf.HfFolderWriter;

/** Exact full-rank Tucker checkpoints ({@link ExactTucker}) written as folders, as {@code tucker compress} would. */
public final class ExactTuckerFolders {

    /** Converts {@code model} and writes it to {@code out}; returns {@code out}. */
    public static Path write(Path model, Path out, String rope, String pre, String post) {
        try (Checkpoint dense = Checkpoints.open(model)) {
            HfFolderWriter.write(new ExactTucker(17, false).convert(dense, rope, pre, post), out, false);
        }
        return out;
    }

    private ExactTuckerFolders() {}
}
