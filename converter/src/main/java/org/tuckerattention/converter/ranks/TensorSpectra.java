package org.tuckerattention.converter.ranks;

import java.util.List;

/**
 * The complete mode spectra of one attention tensor of one layer: what rank selection reads.
 *
 * @param layer the layer index
 * @param tensor "pre-softmax" or "post-softmax" (any label; it is carried to the result)
 * @param dims (I1, I2, I3)
 * @param spectra the three mode spectra, spectrum n holding all I_n singular values
 */
public record TensorSpectra(int layer, String tensor, int[] dims, List<Spectrum> spectra) {

    public TensorSpectra {
        dims = dims.clone();
        spectra = List.copyOf(spectra);
        if (dims.length != 3 || spectra.size() != 3) {
            throw new IllegalArgumentException("an order-3 tensor needs 3 dimensions and 3 spectra");
        }
        for (int n = 0; n < 3; n++) {
            if (dims[n] < 1 || spectra.get(n).size() != dims[n]) {
                throw new IllegalArgumentException("mode " + (n + 1) + " of " + tensor + " has dimension " + dims[n]
                        + " but " + spectra.get(n).size() + " singular values");
            }
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /**
     * {@code tail[r] = Σ_{k>r} σ_k² / Σ_k σ_k²} for r = 0..I_n: the share of the energy that truncating
     * mode n to rank r discards (all zeros for a zero tensor). Summed from the small end, in double.
     */
    public double[] relativeTail(int mode) {
        double[] s = spectra.get(mode - 1).values();
        double[] tail = new double[s.length + 1];
        for (int k = s.length - 1; k >= 0; k--) {
            tail[k] = tail[k + 1] + s[k] * s[k];
        }
        double total = tail[0];
        for (int k = 0; k <= s.length; k++) {
            tail[k] = total == 0 ? 0 : tail[k] / total;
        }
        return tail;
    }

    /** The HOSVD error bound {@code sqrt(Σ_n tail_n[r_n])} at these ranks, relative to ‖X‖. */
    public double errorBound(int[] ranks) {
        double sum = 0;
        for (int n = 1; n <= 3; n++) {
            sum += relativeTail(n)[ranks[n - 1]];
        }
        return Math.sqrt(sum);
    }
}
