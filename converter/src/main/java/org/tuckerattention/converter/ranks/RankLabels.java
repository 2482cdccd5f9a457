package org.tuckerattention.converter.ranks;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How the renderings of a {@link RankReport} write its numbers and names, so they all read alike. */
final class RankLabels {

    private RankLabels() {}

    /** 0.9 → "90 %", 0.999 → "99.9 %". */
    static String percent(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    /** A rank triple as DESIGN §4 writes it, {@code [8,64,32]}; "none" when absent. */
    static String triple(int[] ranks) {
        if (ranks == null) {
            return "none";
        }
        return Arrays.stream(ranks).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** A relative error or threshold: three significant digits, scientific only when small, no trailing zeros. */
    static String relative(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (x == 0) {
            return "0";
        }
        if (Math.abs(x) >= 1e-3) {
            return stripZeros(String.format(Locale.ROOT, "%.3g", x));
        }
        String[] parts = String.format(Locale.ROOT, "%.2e", x).split("e");
        return stripZeros(parts[0]) + "e" + Integer.parseInt(parts[1]);
    }

    /** "0.0500" → "0.05", "1.00" → "1". */
    private static String stripZeros(String decimal) {
        return decimal.contains(".") ? decimal.replaceAll("\\.?0+$", "") : decimal;
    }

    /** A stable rank, one decimal. */
    static String stable(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    /** "pre-softmax" → "pre": the short tensor name of narrow tables. */
    static String shortTensor(String tensor) {
        return tensor.endsWith("-softmax") ? tensor.substring(0, tensor.length() - "-softmax".length()) : tensor;
    }

    /** The tolerance(s) asked of the smallest triples, e.g. "0.05" (joined when tensors differ). */
    static String tolerances(RankReport r) {
        return r.layers().stream()
                .flatMap(l -> Stream.of(l.pre(), l.post()))
                .map(t -> relative(t.tolerance()))
                .distinct()
                .collect(Collectors.joining(", "));
    }

    /** Index of the energy fraction summaries show: 95 % when reported, else the nearest; -1 if none. */
    static int summaryEnergy(double[] energies) {
        if (energies.length == 0) {
            return -1;
        }
        int best = 0;
        for (int e = 1; e < energies.length; e++) {
            if (Math.abs(energies[e] - 0.95) < Math.abs(energies[best] - 0.95)) {
                best = e;
            }
        }
        return best;
    }

    /** Head i's slice of the pre-softmax tensor (DESIGN §4). */
    static final String PRE_SOFTMAX = "W_i = Q_i K_g(i)^T";

    /** Head i's slice of the post-softmax tensor (DESIGN §4). */
    static final String POST_SOFTMAX = "W~_i = (V_g(i) O_i)^T";

    /** What the pre-softmax tensor means for a RoPE model (DESIGN §5.1). */
    static final String ROPE_NOTE = "taken at RoPE offset 0 (DESIGN 5.1)";
}
