package org.tuckerattention.converter.ranks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hand-built rank reports with known figures, standing in for the engine's output in rendering tests.
 * Spectra decay geometrically; a capped mode has exact zeros past its structural rank, as a GQA key mode
 * has past {@code nKV·dH}. Every mode of a tensor carries the same energy, as real spectra do.
 */
final class SyntheticRankReports {

    static final double TOLERANCE = 0.05;

    private SyntheticRankReports() {}

    /** GQA-like: 8 query heads, 4 key-value heads of 8, d = 64; dims (8,64,64), structural (8,64,32). */
    static RankReport gqa(int layers) {
        return report("/models/stories260K", "llama", "GQA (8 query / 4 key-value heads)", true,
                layers, new int[] {8, 64, 64}, new int[] {8, 64, 32});
    }

    /** A Llama-3-8B-shaped report, to check that wide numbers still fit the terminal. */
    static RankReport wide(int layers) {
        return report("/a/rather/long/path/to/some/checkpoints/folder/meta-llama/Meta-Llama-3-8B-Instruct"
                        + "/model.safetensors.index.json",
                "llama", "GQA (32 query / 8 key-value heads)", true,
                layers, new int[] {32, 4096, 4096}, new int[] {32, 4096, 1024});
    }

    static RankReport report(String source, String modelType, String mechanism, boolean rope, int layers,
            int[] dims, int[] structural) {
        Random random = new Random(345);
        List<LayerRanks> list = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            list.add(new LayerRanks(l,
                    tensor("pre-softmax", List.of("head", "query", "key"), dims, structural, l, random),
                    tensor("post-softmax", List.of("head", "output", "value"), dims, structural, l, random)));
        }
        return new RankReport(source, modelType, mechanism, rope, 1e-6,
                new double[] {0.90, 0.95, 0.99, 0.999}, list, 0.42);
    }

    private static TensorRanks tensor(String name, List<String> modes, int[] dims, int[] structural, int layer,
            Random random) {
        double energy = 100.0 * (layer + 1);
        List<Spectrum> spectra = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            // Later layers decay more slowly, so the curves of different layers separate in the plots.
            double decay = 4.0 / structural[n] * (1 + 1.0 / (layer + 1));
            spectra.add(spectrum(dims[n], structural[n], decay, energy, random));
        }
        List<CandidateError> candidates = new ArrayList<>();
        for (double f : new double[] {0.125, 0.25, 0.5, 0.75, 1.0}) {
            int[] ranks = new int[3];
            for (int n = 0; n < 3; n++) {
                ranks[n] = Math.max(1, (int) Math.round(f * structural[n]));
            }
            candidates.add(new CandidateError(ranks, tailError(spectra, ranks),
                    StructuralRanks.tuckerParameters(dims, ranks)));
        }
        CandidateError smallest = candidates.stream()
                .filter(c -> c.relativeError() <= TOLERANCE)
                .findFirst()
                .orElseThrow();
        return new TensorRanks(name, modes, dims.clone(), structural.clone(), spectra, candidates, TOLERANCE,
                smallest.ranks(), smallest.relativeError());
    }

    /** {@code rank} geometrically decaying values with a little seeded noise, then zeros up to {@code dim}. */
    private static Spectrum spectrum(int dim, int rank, double decay, double energy, Random random) {
        double[] v = new double[dim];
        double sum = 0;
        for (int k = 0; k < rank; k++) {
            v[k] = k == 0 ? 1 : v[k - 1] * Math.exp(-decay * (0.8 + 0.4 * random.nextDouble()));
            sum += v[k] * v[k];
        }
        double scale = Math.sqrt(energy / sum);
        for (int k = 0; k < rank; k++) {
            v[k] *= scale;
        }
        return new Spectrum(v);
    }

    /** The HOSVD error bound sqrt(Σ_n discarded energy of mode n / energy): plausible, not exact. */
    private static double tailError(List<Spectrum> spectra, int[] ranks) {
        double tail = 0;
        for (int n = 0; n < 3; n++) {
            double[] c = spectra.get(n).cumulativeEnergy();
            tail += 1 - c[ranks[n] - 1];
        }
        return Math.sqrt(Math.min(1, Math.max(0, tail)));
    }
}
