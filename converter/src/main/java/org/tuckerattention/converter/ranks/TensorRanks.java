package org.tuckerattention.converter.ranks;

import java.util.List;

/**
 * The effective ranks of one attention tensor of one layer (DESIGN §4): structural beside numerical.
 *
 * @param tensor "pre-softmax" or "post-softmax"
 * @param modes mode names: (head, query, key) or (head, output, value)
 * @param dims mode dimensions
 * @param structural ranks the mechanism can reach by construction
 * @param spectra singular values of each mode
 * @param candidates HOSVD errors at a few rank triples
 * @param tolerance the relative error asked of {@link #smallestForTolerance}
 * @param smallestForTolerance the smallest triple whose HOSVD error is at most {@code tolerance}
 * @param errorAtSmallest its HOSVD relative error
 */
public record TensorRanks(
        String tensor,
        List<String> modes,
        int[] dims,
        int[] structural,
        List<Spectrum> spectra,
        List<CandidateError> candidates,
        double tolerance,
        int[] smallestForTolerance,
        double errorAtSmallest) {}
