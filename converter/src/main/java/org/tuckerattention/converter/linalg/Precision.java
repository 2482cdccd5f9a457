package org.tuckerattention.converter.linalg;

/**
 * How exact a product must be. Results always come back in double; SINGLE lets a backend compute in
 * float32 (libtorch: about twice the speed of float64 here), for products that only steer an iteration,
 * such as a range finder's, whose outcome is re-orthonormalised and used in double afterwards.
 */
public enum Precision {
    /** float64 throughout. */
    DOUBLE,
    /** float32 allowed: relative errors of about 1e-7 times the operands' norms. */
    SINGLE
}
