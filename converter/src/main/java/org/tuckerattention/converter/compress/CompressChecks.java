package org.tuckerattention.converter.compress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.converter.tucker.FactoredTensor;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.adapters.AttentionGeometry;

/**
 * What {@link CompressPipeline} refuses before doing any work, each in one line: an output that is or
 * lies inside the input, latent RoPE for MLA, layers the model does not have, and fixed ranks that do not
 * fit the tensors or the storage asked for.
 */
final class CompressChecks {

    static void before(Checkpoint ckpt, AttentionGeometry g, CompressSettings s, Path output) {
        Path target = output.toAbsolutePath().normalize();
        Path source = ckpt.source().toAbsolutePath().normalize();
        if (source.startsWith(target)) {
            throw new CheckpointException(target, "is (or holds) the input; choose another output folder");
        }
        if (Files.isDirectory(source) && target.startsWith(source)) {
            throw new CheckpointException(target, "lies inside the input folder; choose another output folder");
        }
        if (g.mla().isPresent() && s.rope() == RopeStrategy.LATENT) {
            throw new CheckpointException(ckpt.config().file(), "MLA attention ('" + ckpt.config().modelType()
                    + "') keeps its decoupled RoPE part as it is; --rope latent does not apply");
        }
        if (s.layers().highest() >= g.layers()) {
            throw new CheckpointException(ckpt.source(), "--layers names layer " + s.layers().highest()
                    + " but the model has " + g.layers() + " layers (0-" + (g.layers() - 1) + ")");
        }
        boolean latent = g.mla().isEmpty() && g.rope().present() && s.rope() == RopeStrategy.LATENT;
        boolean head = g.mla().isEmpty() && g.rope().present() && s.rope() == RopeStrategy.HEAD;
        if (latent && g.qkvBias()) {
            throw new CheckpointException(ckpt.config().file(),
                    "--rope latent does not fold query/key biases; use --rope head for this model");
        }
        int[] dims = MlaParts.preDims(g);
        if (s.preRanks() instanceof RankSpec.Fixed f) {
            check("pre-softmax", f.ranks(), dims, FactoredTensor.PRE_SOFTMAX_MODES);
            if (head || (!latent && s.core() == CoreChoice.HEAD_FACTORED)) {
                check("pre-softmax (head-factored)", new int[] {g.nH(), f.r2(), f.r3()}, dims,
                        FactoredTensor.PRE_SOFTMAX_MODES);
            }
            if (latent && f.r3() % 2 != 0) {
                throw new RankException("pre-softmax ranks " + text(f.ranks()) + ": --rope latent rotates pairs of"
                        + " key-latent dimensions, so the key rank must be even, got " + f.r3());
            }
        }
        dims = MlaParts.postDims(g);
        if (s.postRanks() instanceof RankSpec.Fixed f) {
            check("post-softmax", f.ranks(), dims, FactoredTensor.POST_SOFTMAX_MODES);
            if (s.core() == CoreChoice.HEAD_FACTORED) {
                check("post-softmax (head-factored)", new int[] {g.nH(), f.r2(), f.r3()}, dims,
                        FactoredTensor.POST_SOFTMAX_MODES);
            }
        }
    }

    private static void check(String side, int[] ranks, int[] dims, List<String> modes) {
        try {
            RankSpec.validate(ranks, dims, modes);
        } catch (RankException e) {
            throw new RankException(side + " ranks " + text(ranks) + ": " + e.getMessage());
        }
    }

    private static String text(int[] r) {
        return "[" + r[0] + "," + r[1] + "," + r[2] + "]";
    }

    private CompressChecks() {}
}
