package org.tuckerattention.converter.ranks;

import org.tuckerattention.formats.adapters.AttentionGeometry;

/**
 * The largest Tucker ranks the original mechanism can reach by construction (DESIGN §4 table), beside
 * the dimensions of each mode. Modes are (head, query, key) for the pre-softmax tensor
 * {@code W_i = Q_i K_g(i)ᵀ} and (head, output, value) for the post-softmax tensor {@code (V_g(i) O_i)ᵀ}.
 *
 * <p>A mode-2 fibre of the pre-softmax tensor lies in the span of all query factors, so its rank is at
 * most {@code min(qIn, nH·dH)}; the key mode likewise reaches at most {@code min(kvIn, nKV·dH)} (GQA and
 * MQA share key heads; MLA keys read the d_c^KV latent). The head mode is bounded by {@code nH} and by
 * the product of the other two ranks.
 *
 * @param preDims dimensions (nH, qIn, kvIn) of the pre-softmax tensor
 * @param pre structural ranks of the pre-softmax tensor
 * @param postDims dimensions (nH, d, kvIn) of the post-softmax tensor
 * @param post structural ranks of the post-softmax tensor
 */
public record StructuralRanks(int[] preDims, int[] pre, int[] postDims, int[] post) {

    public static StructuralRanks of(AttentionGeometry g) {
        int qIn = g.queryInputDim();
        int kvIn = g.keyValueInputDim();
        int keyHeads = g.mla().isPresent() ? g.nH() : g.nKV();
        int query = (int) Math.min(qIn, (long) g.nH() * g.dH());
        int key = (int) Math.min(kvIn, (long) keyHeads * g.dH());
        int output = (int) Math.min(g.d(), (long) g.nH() * g.dV());
        int value = (int) Math.min(kvIn, (long) keyHeads * g.dV());
        return new StructuralRanks(
                new int[] {g.nH(), qIn, kvIn},
                new int[] {headRank(g.nH(), query, key), query, key},
                new int[] {g.nH(), g.d(), kvIn},
                new int[] {headRank(g.nH(), output, value), output, value});
    }

    private static int headRank(int nH, int a, int b) {
        return (int) Math.min(nH, (long) a * b);
    }

    /** Tucker parameters {@code r1 r2 r3 + Σ I_n r_n} of a tensor with these dimensions and ranks. */
    public static long tuckerParameters(int[] dims, int[] ranks) {
        long core = (long) ranks[0] * ranks[1] * ranks[2];
        return core + (long) dims[0] * ranks[0] + (long) dims[1] * ranks[1] + (long) dims[2] * ranks[2];
    }
}
