package org.tuckerattention.validation.comparison;

/**
 * The quality tiers of DESIGN §8: near-lossless = mean KLD ≤ 0.005 and top-1 ≥ 96 %; usable = mean
 * KLD ≤ 0.03 and top-1 ≥ 92 %; otherwise lossy. Encoders have no KLD; their tiers here are by mean
 * cosine of the pooled embeddings: near-lossless ≥ 0.999, usable ≥ 0.99.
 */
public enum Verdict {
    NEAR_LOSSLESS("near-lossless"),
    USABLE("usable"),
    LOSSY("lossy");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public static Verdict of(CausalResult r) {
        double kl = r.kl().mean();
        double top = r.topOne().fraction();
        if (kl <= 0.005 && top >= 0.96) {
            return NEAR_LOSSLESS;
        }
        return kl <= 0.03 && top >= 0.92 ? USABLE : LOSSY;
    }

    public static Verdict of(EncoderResult r) {
        double cos = r.meanPooled().mean();
        if (cos >= 0.999) {
            return NEAR_LOSSLESS;
        }
        return cos >= 0.99 ? USABLE : LOSSY;
    }

    public String label() {
        return label;
    }
}
