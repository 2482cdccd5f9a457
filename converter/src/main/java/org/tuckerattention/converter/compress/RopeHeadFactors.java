package org.tuckerattention.converter.compress;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.Spectrum;
import org.tuckerattention.converter.tucker.FactoredTensor;
import org.tuckerattention.converter.tucker.Hosvd;
import org.tuckerattention.converter.tucker.ModeGram;
import org.tuckerattention.converter.tucker.TuckerDecomposition;
import org.tuckerattention.converter.tucker.TuckerOptions;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * The query and key factors of the head RoPE strategy (DESIGN §5.1): U2 holds the leading eigenvectors
 * of {@code Σ_i Q_i D_i Q_iᵀ} with {@code D_i = avg_i(K_gᵀK_g)}, U3 those of {@code Σ_g K_g E_g K_gᵀ} with
 * {@code E_g = Σ_{i∈g} avg_iᵀ(Q_iᵀQ_i)}, {@code avg_i} head i's average of the weighting ({@link HeadAverages}).
 *
 * <p>A mode Gram depends on the other side's factors only through their w × w Grams, so each weighted
 * Gram is the plain mode Gram of a tensor whose other factors are replaced by square roots
 * {@code F} ({@code FᵀF = avg(...)}, w × w): the engine's HOSVD (explicit or randomized, as
 * {@link TuckerOptions} says) then finds U2 and U3 without a new Gram code path.
 *
 * <p>The error reported is averaged over the weighted offsets: with {@code A_i = U2ᵀQ_i} and
 * {@code C_g = U3ᵀK_g}, {@code err² = 1 − Σ_i <A_iᵀA_i, avg_i(C_gᵀC_g)> / Σ_i <Q_iᵀQ_i, avg_i(K_gᵀK_g)>}
 * (the projection is orthogonal at every rotation). For ZERO it is the error at offset 0.
 *
 * @param u2 query factor (d × r2), orthonormal columns
 * @param u3 key factor (d × r3), orthonormal columns
 * @param relativeError the weighted relative error of the pre-softmax tensor
 */
record RopeHeadFactors(DMatrixRMaj u2, DMatrixRMaj u3, double relativeError) {

    static RopeHeadFactors of(AttentionWeights w, int r2, int r3, HeadAverages average, MatrixProducts products) {
        Weighted x = Weighted.of(w, average, products);
        DMatrixRMaj u2 = leading(x.queries, 2, r2, products);
        DMatrixRMaj u3 = leading(x.keys, 3, r3, products);

        double kept = 0;
        double total = 0;
        for (int i = 0; i < w.geometry().nH(); i++) {
            int g = w.geometry().group(i);
            DMatrixRMaj a = products.multiply(u2, true, WeightMatrices.of(w.queryHead(i)), false);
            DMatrixRMaj c = products.multiply(u3, true, WeightMatrices.of(w.keyHead(g)), false);
            kept += inner(products.multiply(a, true, a, false),
                    average.keys().get(i).apply(products.multiply(c, true, c, false)));
            total += inner(x.plainQuery[i], x.keyGram[i]);
        }
        double error = total == 0 ? 0 : Math.sqrt(Math.max(0, 1 - kept / total));
        return new RopeHeadFactors(u2, u3, error);
    }

    /** The singular values of the weighted query Gram (mode 2) and key Gram (mode 3): what U2 and U3 truncate. */
    static Spectrum[] spectra(AttentionWeights w, HeadAverages average, MatrixProducts products) {
        Weighted x = Weighted.of(w, average, products);
        return new Spectrum[] {new ModeGram(x.queries, products).spectrum(2), new ModeGram(x.keys, products).spectrum(3)};
    }

    /**
     * The tensors whose plain mode-2 and mode-3 Grams are the weighted query and key Grams, with the plain
     * per-head query Grams and, per query head, the averaged key Gram of its group they are built from.
     */
    private record Weighted(FactoredTensor queries, FactoredTensor keys, DMatrixRMaj[] plainQuery, DMatrixRMaj[] keyGram) {

        static Weighted of(AttentionWeights w, HeadAverages average, MatrixProducts products) {
            int nH = w.geometry().nH();
            int nKV = w.geometry().nKV();
            int width = w.geometry().dH();
            DMatrixRMaj[] plainKey = new DMatrixRMaj[nKV];
            for (int g = 0; g < nKV; g++) {
                DMatrixRMaj k = WeightMatrices.of(w.keyHead(g));
                plainKey[g] = products.multiply(k, true, k, false);
            }
            // Per query head: each head may weight the offsets differently (ATTENTION), so the roots are per head.
            DMatrixRMaj[] keyGram = new DMatrixRMaj[nH];
            DMatrixRMaj rootKey = new DMatrixRMaj(width, nH * width);
            DMatrixRMaj[] plainQuery = new DMatrixRMaj[nH];
            DMatrixRMaj rootQuery = new DMatrixRMaj(width, nH * width);
            for (int i = 0; i < nH; i++) {
                keyGram[i] = average.keys().get(i).apply(plainKey[w.geometry().group(i)]);
                CommonOps_DDRM.insert(root(keyGram[i]), rootKey, 0, i * width);
                DMatrixRMaj q = WeightMatrices.of(w.queryHead(i));
                plainQuery[i] = products.multiply(q, true, q, false);
                CommonOps_DDRM.insert(root(average.queries().get(i).apply(plainQuery[i])), rootQuery, 0, i * width);
            }
            FactoredTensor queries = FactoredTensor.of(
                    WeightMatrices.transposed(w.wq()), rootKey, nH, nH, FactoredTensor.PRE_SOFTMAX_MODES);
            FactoredTensor keys = FactoredTensor.of(
                    rootQuery, WeightMatrices.transposed(w.wk()), nH, nKV, FactoredTensor.PRE_SOFTMAX_MODES);
            return new Weighted(queries, keys, plainQuery, keyGram);
        }
    }

    /** The leading {@code rank} vectors of mode {@code mode}'s Gram, by HOSVD with the other modes full. */
    private static DMatrixRMaj leading(FactoredTensor x, int mode, int rank, MatrixProducts products) {
        int[] dims = x.dims();
        int[] r = new int[3];
        r[mode - 1] = rank;
        int other = mode == 2 ? 2 : 1;
        r[other] = (int) Math.min(dims[other], (long) x.heads() * rank);
        r[0] = (int) Math.min(dims[0], (long) rank * r[other]);
        TuckerDecomposition t = Hosvd.decompose(x, TuckerOptions.ranks(r).maxIterations(0).products(products));
        return t.factor(mode);
    }

    /** {@code F} (w × w) with {@code FᵀF = m} for a symmetric positive semidefinite {@code m}: √Λ Vᵀ. */
    private static DMatrixRMaj root(DMatrixRMaj m) {
        int n = m.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m.copy())) {
            throw new ArithmeticException("eigendecomposition of a " + n + " x " + n + " head Gram failed");
        }
        DMatrixRMaj f = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double s = Math.sqrt(Math.max(0, eig.getEigenvalue(k).real));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int j = 0; j < n; j++) {
                f.data[k * n + j] = s * v.data[j];
            }
        }
        return f;
    }

    private static double inner(DMatrixRMaj a, DMatrixRMaj b) {
        double sum = 0;
        for (int k = 0; k < a.getNumElements(); k++) {
            sum += a.data[k] * b.data[k];
        }
        return sum;
    }
}
