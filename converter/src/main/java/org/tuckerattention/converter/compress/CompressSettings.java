package org.tuckerattention.converter.compress;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.tensor.DType;

/**
 * Everything {@code tucker compress} is asked to do.
 *
 * @param preRanks ranks of the pre-softmax side (head, query, key); null when {@code budget} is given
 * @param postRanks ranks of the post-softmax side (head, output, value); null when {@code budget} is given
 * @param core the core storage of DESIGN §5.2, or AUTO
 * @param rope the RoPE strategy for models that have RoPE (HEAD or LATENT; ignored without RoPE)
 * @param weighting offset weighting of the head-RoPE Grams (ATTENTION only with calibration)
 * @param hooiSweeps HOOI sweeps after HOSVD (0: plain HOSVD)
 * @param dtype the type of the written Tucker tensors; empty keeps the input's attention type
 * @param layers which layers to compress
 * @param force whether an existing output may be replaced
 * @param products where the heavy matrix products run; empty: by model width ({@link #products(int)})
 * @param toolVersion written into config.json
 * @param budget a global attention budget ({@link BudgetPlan}) instead of ranks per side
 * @param calibration the text to calibrate on (activation-aware Tucker, issue 6); empty: data-free
 */
public record CompressSettings(
        RankSpec preRanks,
        RankSpec postRanks,
        CoreChoice core,
        RopeStrategy rope,
        RopeWeighting weighting,
        int hooiSweeps,
        Optional<DType> dtype,
        LayerSelection layers,
        boolean force,
        Optional<MatrixProducts> products,
        String toolVersion,
        Optional<AttentionBudget> budget,
        Optional<CalibrationText> calibration) {

    /** Calibration text and how many of its tokens to read. */
    public record CalibrationText(Path text, int tokens) {

        public CalibrationText {
            Objects.requireNonNull(text, "text");
            if (tokens < 1) {
                throw new IllegalArgumentException("calibration tokens must be at least 1, got " + tokens);
            }
        }
    }

    public CompressSettings {
        if (budget.isPresent() != (preRanks == null && postRanks == null)) {
            throw new IllegalArgumentException("give either a budget or the ranks of both sides");
        }
        if (rope == RopeStrategy.NONE || rope == RopeStrategy.DECOUPLED) {
            throw new IllegalArgumentException("the RoPE strategy for RoPE models is HEAD or LATENT");
        }
        if (weighting == RopeWeighting.ATTENTION && calibration.isEmpty()) {
            throw new IllegalArgumentException("the attention weighting needs calibration text");
        }
        if (hooiSweeps < 0) {
            throw new IllegalArgumentException("HOOI sweeps must be at least 0, got " + hooiSweeps);
        }
        if (dtype.isPresent() && !dtype.get().isFloatingPoint()) {
            throw new IllegalArgumentException("Tucker tensors are stored as F64, F32, F16 or BF16, not " + dtype.get());
        }
    }

    /** Data-free settings with ranks per side and no global budget. */
    public CompressSettings(RankSpec preRanks, RankSpec postRanks, CoreChoice core, RopeStrategy rope,
            RopeWeighting weighting, int hooiSweeps, Optional<DType> dtype, LayerSelection layers, boolean force,
            Optional<MatrixProducts> products, String toolVersion) {
        this(Objects.requireNonNull(preRanks, "preRanks"), Objects.requireNonNull(postRanks, "postRanks"), core,
                rope, weighting, hooiSweeps, dtype, layers, force, products, toolVersion, Optional.empty(),
                Optional.empty());
    }

    /** Data-free settings with a global attention budget instead of ranks. */
    public static CompressSettings withBudget(AttentionBudget budget, CoreChoice core, RopeStrategy rope,
            RopeWeighting weighting, int hooiSweeps, Optional<DType> dtype, LayerSelection layers, boolean force,
            Optional<MatrixProducts> products, String toolVersion) {
        return new CompressSettings(null, null, core, rope, weighting, hooiSweeps, dtype, layers, force, products,
                toolVersion, Optional.of(budget), Optional.empty());
    }

    /** Widths up to which EJML beats libtorch on a whole compression: native calls cost more than small products. */
    static final int EJML_MAX_WIDTH = 384;

    /**
     * The products backend for a model of width {@code d}: the one asked, else EJML up to
     * {@link #EJML_MAX_WIDTH} (MiniLM, d = 384: 15 s against 22 s with libtorch; stories260K 1.7 s against
     * 11 s) and {@link MatrixProducts#best()} above (a d = 512 layer: 2.8 s against 4.7 s, docs/benchmarks.md).
     */
    MatrixProducts products(int d) {
        return products.orElseGet(() -> d <= EJML_MAX_WIDTH ? MatrixProducts.ejml() : MatrixProducts.best());
    }
}
