package org.tuckerattention.converter.ranks;

/**
 * The HOSVD error of one candidate rank triple.
 *
 * @param ranks (r1, r2, r3)
 * @param relativeError ‖X − X_r‖ / ‖X‖
 * @param parameters dense Tucker parameters {@code r1 r2 r3 + Σ I_n r_n}
 */
public record CandidateError(int[] ranks, double relativeError, long parameters) {}
