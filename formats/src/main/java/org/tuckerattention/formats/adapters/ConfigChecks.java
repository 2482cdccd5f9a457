package org.tuckerattention.formats.adapters;

import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.hf.HfConfig;

/** Consistency checks between config.json keys that every adapter needs, each failing in one line. */
final class ConfigChecks {

    /** {@code d / nH}, failing when the heads do not split the width evenly. */
    static int headDim(HfConfig c, int d, int nH) {
        if (d % nH != 0) {
            throw new CheckpointException(
                    c.file(), "hidden size " + d + " is not divisible by " + nH + " attention heads");
        }
        return d / nH;
    }

    /** Fails unless {@code part} divides {@code whole}, naming both keys. */
    static void divides(HfConfig c, String partKey, int part, String wholeKey, int whole) {
        if (whole % part != 0) {
            throw new CheckpointException(
                    c.file(), "'" + partKey + "' = " + part + " does not divide '" + wholeKey + "' = " + whole);
        }
    }

    private ConfigChecks() {}
}
