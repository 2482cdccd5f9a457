/**
 * The Tucker engine (DESIGN §4): HOSVD and HOOI of the order-3 attention tensors from their per-head
 * factors, never materialising the tensors (DESIGN §4.1).
 *
 * <p>Names used throughout, after DESIGN §3–§4: a {@link org.tuckerattention.converter.tucker.FactoredTensor}
 * X has dimensions {@code (nH, I2, I3)} and slices {@code X_i = L_i R_g(i)ᵀ}, with {@code L_i} (I2 × w),
 * {@code R_g} (I3 × w), {@code nG} groups and {@code g(i) = i / (nH / nG)}. Its Tucker form is
 * {@code X ≈ C ×₁ U1 ×₂ U2 ×₃ U3} with ranks {@code (r1, r2, r3)}.
 *
 * <p>Unfolding convention (Kolda &amp; Bader 2009): the mode-n unfolding {@code X_(n)} has the mode-n
 * fibres as columns, so the mode Grams are {@code G_n = X_(n) X_(n)ᵀ}; the column order of an unfolding
 * never matters here, because only Grams and projections are formed. The core is stored as an
 * {@code r1 × (r2·r3)} matrix whose row {@code a} is the row-major {@code r2 × r3} slice {@code C[a]}.
 *
 * <p>Sign convention of every factor: the largest-|·| entry of each column is positive (the first such
 * entry on ties), so results are reproducible. Everything reported is accumulated in double (‖X‖², Gram
 * blocks, factors' orthonormality, cores, errors); products that only steer an iteration (range finding,
 * HOOI's update sources) may run in float32 where the backend has it
 * ({@link org.tuckerattention.converter.linalg.Precision#SINGLE}).
 */
package org.tuckerattention.converter.tucker;
