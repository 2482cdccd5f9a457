package org.tuckerattention.converter.ranks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.tucker.FactoredTensor;
import org.tuckerattention.converter.tucker.Hosvd;
import org.tuckerattention.converter.tucker.ModeGram;
import org.tuckerattention.converter.tucker.TuckerDecomposition;
import org.tuckerattention.converter.tucker.TuckerOptions;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * The effective-rank analysis of a checkpoint's original attention (DESIGN §4): per layer and tensor,
 * the mode spectra from the Gram matrices beside the structural ranks, the HOSVD error at a few
 * candidate rank triples, and the smallest triple meeting a tolerance. Layers are read one at a time.
 */
public final class EffectiveRanks {

    /**
     * What to compute.
     *
     * @param threshold relative singular-value threshold of the numerical rank (at least {@link Spectrum#RESOLUTION})
     * @param energies energy fractions to report ranks for
     * @param tolerance relative HOSVD error asked of the smallest triple
     * @param products where the Gram products run
     */
    public record Settings(double threshold, double[] energies, double tolerance, MatrixProducts products) {

        public static Settings defaults(MatrixProducts products) {
            return new Settings(1e-6, new double[] {0.90, 0.95, 0.99, 0.999}, 0.05, products);
        }
    }

    public static RankReport analyse(Checkpoint ckpt, Settings settings) {
        long start = System.nanoTime();
        ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
        AttentionGeometry g = adapter.geometry(ckpt.config());
        StructuralRanks structural = StructuralRanks.of(g);
        List<LayerRanks> layers = new ArrayList<>();
        // A layer's two tensors are independent, and at d = 4096 their full eigendecompositions (EJML, one
        // thread each) are most of the time: with a second core the post-softmax one runs beside the other.
        ExecutorService beside = Runtime.getRuntime().availableProcessors() > 1
                ? Executors.newSingleThreadExecutor(EffectiveRanks::daemon) : null;
        try {
            for (int layer = 0; layer < g.layers(); layer++) {
                AttentionWeights w = adapter.attention(ckpt, g, layer);
                Supplier<TensorRanks> post =
                        () -> tensor("post-softmax", FactoredTensor.postSoftmax(w), structural.post(), settings);
                CompletableFuture<TensorRanks> postRanks = beside == null
                        ? CompletableFuture.completedFuture(post.get()) : CompletableFuture.supplyAsync(post, beside);
                TensorRanks pre = tensor("pre-softmax", FactoredTensor.preSoftmax(w), structural.pre(), settings);
                layers.add(new LayerRanks(layer, pre, joined(postRanks)));
            }
        } finally {
            if (beside != null) {
                beside.shutdownNow();
            }
        }
        return new RankReport(
                ckpt.source().toString(),
                ckpt.config().modelType(),
                mechanism(g),
                g.rope().present(),
                settings.threshold(),
                settings.energies().clone(),
                layers,
                (System.nanoTime() - start) / 1e9);
    }

    /** The result, or what the task threw, unwrapped, so errors read as if computed here. */
    private static TensorRanks joined(CompletableFuture<TensorRanks> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static Thread daemon(Runnable task) {
        Thread t = new Thread(task, "ranks-post-softmax");
        t.setDaemon(true);
        return t;
    }

    static TensorRanks tensor(String name, FactoredTensor x, int[] structural, Settings settings) {
        ModeGram gram = new ModeGram(x, settings.products());
        List<Spectrum> spectra = List.of(gram.spectrum(1), gram.spectrum(2), gram.spectrum(3));
        int[] dims = x.dims();
        List<CandidateError> candidates = new ArrayList<>();
        for (int[] r : candidates(dims, structural, spectra)) {
            candidates.add(hosvdError(gram, r));
        }
        int[] smallest = RankSpec.tolerance(settings.tolerance()).resolve(dims, x.modeNames(), spectra, 0);
        return new TensorRanks(
                name,
                x.modeNames(),
                dims,
                structural.clone(),
                spectra,
                candidates,
                settings.tolerance(),
                smallest,
                hosvdError(gram, smallest).relativeError());
    }

    /** Structural ranks, the 99 % and 95 % energy ranks, and half and a quarter of the structural ranks. */
    static List<int[]> candidates(int[] dims, int[] structural, List<Spectrum> spectra) {
        Map<String, int[]> unique = new LinkedHashMap<>();
        for (int[] r : List.of(
                structural,
                energyRanks(spectra, 0.99),
                energyRanks(spectra, 0.95),
                scaled(structural, 2),
                scaled(structural, 4))) {
            int[] f = feasible(r, dims);
            unique.putIfAbsent(Arrays.toString(f), f);
        }
        return new ArrayList<>(unique.values());
    }

    /** By {@link Hosvd#relativeError}: a full-rank candidate's core alone would be nH·I2·I3 values. */
    private static CandidateError hosvdError(ModeGram gram, int[] ranks) {
        double error = Hosvd.relativeError(gram, TuckerOptions.ranks(ranks).maxIterations(0).products(gram.products()));
        return new CandidateError(ranks.clone(), error, TuckerDecomposition.parameterCount(gram.tensor().dims(), ranks));
    }

    private static int[] energyRanks(List<Spectrum> spectra, double fraction) {
        return spectra.stream().mapToInt(s -> s.energyRank(fraction)).toArray();
    }

    private static int[] scaled(int[] r, int divisor) {
        return Arrays.stream(r).map(v -> Math.max(1, v / divisor)).toArray();
    }

    /** Each rank within [1, I_n] and at most the product of the other two (a valid Tucker triple). */
    static int[] feasible(int[] ranks, int[] dims) {
        int[] r = new int[3];
        for (int n = 0; n < 3; n++) {
            r[n] = Math.max(1, Math.min(ranks[n], dims[n]));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int n = 0; n < 3; n++) {
                long others = (long) r[(n + 1) % 3] * r[(n + 2) % 3];
                if (r[n] > others) {
                    r[n] = (int) others;
                    changed = true;
                }
            }
        }
        return r;
    }

    private static String mechanism(AttentionGeometry g) {
        return switch (g.mechanism()) {
            case MHA -> "MHA (%d heads of %d)".formatted(g.nH(), g.dH());
            case GQA -> "GQA (%d query / %d key-value heads of %d)".formatted(g.nH(), g.nKV(), g.dH());
            case MQA -> "MQA (%d query heads of %d, 1 key-value head)".formatted(g.nH(), g.dH());
            case MLA -> "MLA (%d heads, kv latent %d)".formatted(g.nH(), g.keyValueInputDim());
        };
    }

    private EffectiveRanks() {}
}
