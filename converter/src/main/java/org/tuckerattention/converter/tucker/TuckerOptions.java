package org.tuckerattention.converter.tucker;

import java.util.Objects;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.converter.ranks.RankSpec;

/**
 * Settings of a Tucker decomposition ({@link Hosvd}, {@link Hooi}); immutable, each setter returns a
 * copy: {@code TuckerOptions.ranks(8, 128, 128).maxIterations(20).tolerance(1e-6)}.
 * When unsure keep the defaults: 10 HOOI sweeps, tolerance 1e-6, seed 0, EJML products, AUTO.
 */
public final class TuckerOptions {

    /** How the leading eigenvectors of a mode Gram are found. */
    public enum Method {
        /** Full eigendecomposition of the explicit Gram (EJML symmetric QR): exact, {@code 9 I³} flops. */
        EIGEN,
        /**
         * Seeded randomized subspace iteration on the implicit Gram (products only): for large dimensions
         * and small ranks; accurate when the spectrum decays past the rank.
         */
        RANDOMIZED,
        /**
         * RANDOMIZED when the dimension exceeds 512 and the rank is below a quarter of it, else EIGEN; and
         * when a query|output or key|value dimension exceeds 512, the head factor comes from the tensor
         * projected on the other two factors (sequential truncation, same √3 bound), since the exact head
         * Gram costs {@code (nH·w)²·(I2 + I3)} flops there.
         */
        AUTO
    }

    /** AUTO uses the full eigendecomposition up to this dimension. */
    static final int AUTO_MAX_EIGEN_DIMENSION = 512;

    private final RankSpec rankSpec;
    private final int maxIterations;
    private final double tolerance;
    private final long seed;
    private final MatrixProducts products;
    private final Method method;
    private final long originalParameters;

    private TuckerOptions(RankSpec rankSpec, int maxIterations, double tolerance, long seed,
            MatrixProducts products, Method method, long originalParameters) {
        this.rankSpec = Objects.requireNonNull(rankSpec, "rankSpec");
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.seed = seed;
        this.products = Objects.requireNonNull(products, "products");
        this.method = Objects.requireNonNull(method, "method");
        this.originalParameters = originalParameters;
    }

    /** Options with target ranks chosen by {@code spec} and every other setting at its default. */
    public static TuckerOptions ranks(RankSpec spec) {
        return new TuckerOptions(spec, 10, 1e-6, 0, MatrixProducts.ejml(), Method.AUTO, 0);
    }

    /** Options with fixed ranks (head, query|output, key|value), validated when the tensor is known. */
    public static TuckerOptions ranks(int... r) {
        if (r.length != 3) {
            throw new RankException("expected 3 ranks (head, query|output, key|value), got " + r.length);
        }
        return ranks(RankSpec.fixed(r[0], r[1], r[2]));
    }

    /** HOOI sweeps after HOSVD; 0 keeps plain HOSVD. Default 10. */
    public TuckerOptions maxIterations(int sweeps) {
        if (sweeps < 0) {
            throw new IllegalArgumentException("maxIterations must be at least 0, got " + sweeps);
        }
        return new TuckerOptions(rankSpec, sweeps, tolerance, seed, products, method, originalParameters);
    }

    /** HOOI stops when a sweep lowers the relative error by less than this. Default 1e-6. */
    public TuckerOptions tolerance(double improvement) {
        if (!(improvement >= 0)) {
            throw new IllegalArgumentException("tolerance must be at least 0, got " + improvement);
        }
        return new TuckerOptions(rankSpec, maxIterations, improvement, seed, products, method, originalParameters);
    }

    /** Seed of the randomized method's Gaussian test matrices. Default 0. */
    public TuckerOptions seed(long value) {
        return new TuckerOptions(rankSpec, maxIterations, tolerance, value, products, method, originalParameters);
    }

    /** Where the heavy products go. Default {@link MatrixProducts#ejml()}. */
    public TuckerOptions products(MatrixProducts backend) {
        return new TuckerOptions(rankSpec, maxIterations, tolerance, seed, backend, method, originalParameters);
    }

    /** Eigen solver; ignored for rank specs that need full spectra, which always use EIGEN. Default AUTO. */
    public TuckerOptions method(Method choice) {
        return new TuckerOptions(rankSpec, maxIterations, tolerance, seed, products, choice, originalParameters);
    }

    /** The original mechanism's parameter count for this tensor, needed by {@link RankSpec.Fraction}. */
    public TuckerOptions originalParameters(long count) {
        return new TuckerOptions(rankSpec, maxIterations, tolerance, seed, products, method, count);
    }

    public RankSpec rankSpec() {
        return rankSpec;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public double tolerance() {
        return tolerance;
    }

    public long seed() {
        return seed;
    }

    public MatrixProducts products() {
        return products;
    }

    public Method method() {
        return method;
    }

    public long originalParameters() {
        return originalParameters;
    }

    /** Whether the leading {@code rank} vectors of a {@code dimension}-square problem use RANDOMIZED. */
    boolean randomized(int dimension, int rank) {
        return switch (method) {
            case EIGEN -> false;
            case RANDOMIZED -> true;
            case AUTO -> dimension > AUTO_MAX_EIGEN_DIMENSION && rank < dimension / 4;
        };
    }

    /** Whether HOSVD takes the head factor of a tensor of {@code dims} from its projection on U2 and U3. */
    boolean headFromProjection(int[] dims) {
        return method == Method.AUTO && Math.max(dims[1], dims[2]) > AUTO_MAX_EIGEN_DIMENSION;
    }

    @Override
    public String toString() {
        return "TuckerOptions[" + rankSpec + ", maxIterations " + maxIterations + ", tolerance " + tolerance
                + ", seed " + seed + ", " + products.name() + ", " + method + "]";
    }
}
