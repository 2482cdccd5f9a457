/**
 * The compress pipeline (DESIGN §4.3, §5, §6): each layer's attention decomposed into the Tucker
 * form, the softmax scale and biases folded, and the compressed checkpoint of
 * docs/checkpoint-format.md written one layer at a time.
 *
 * <p>Names after DESIGN §3–§5: {@code d} model width, {@code nH} query heads, {@code nKV} key/value
 * heads, {@code w} the head width (d_H), {@code s = 1/sqrt(w)} the softmax scale; ranks
 * {@code [r1, r2, r3]} of the pre-softmax side (head, query, key) and {@code [s1, s2, s3]} of the
 * post-softmax side (head, output, value).
 */
package org.tuckerattention.converter.compress;
