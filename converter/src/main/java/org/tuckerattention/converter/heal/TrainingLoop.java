package org.tuckerattention.converter.heal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tuckerattention.validation.comparison.InvalidSettingException;
import org.tuckerattention.validation.runtime.ComputeDevice;
import org.tuckerattention.validation.runtime.TuckerParameters;

/**
 * The optimisation: per step a batch, the original's targets without gradients, the compressed model's
 * loss under DJL autograd, global-norm clipping, Adam at the warmup + cosine rate; a held-out evaluation
 * before the first step, every {@code evalEvery} steps and after the last, each followed by a saved
 * state. Keeps the parameters of the best evaluation.
 */
final class TrainingLoop {

    /**
     * What a run ends with.
     *
     * @param best the parameters of the best evaluation, by name
     * @param evaluations every evaluation, the one before training first
     * @param resumedFrom the step a resumed run continued after (0 for a fresh run)
     * @param seconds wall time of the steps and evaluations of this process
     */
    record Outcome(SortedMap<String, float[]> best, List<HeldOut> evaluations, int bestStep, int resumedFrom,
            double lastLoss, long tokens, double seconds) {

        HeldOut initial() {
            return evaluations.get(0);
        }

        HeldOut bestEvaluation() {
            return evaluations.stream().filter(h -> h.step() == bestStep).findFirst().orElseThrow();
        }
    }

    static Outcome run(Distillation task, TuckerParameters parameters, HealSettings s, String fingerprint,
            Path stateFolder, HealProgress progress) {
        long t0 = System.nanoTime();
        SortedMap<String, NDArray> p = parameters.tensors();
        NDManager base = p.get(p.firstKey()).getManager();
        Engine engine = ComputeDevice.engine();
        Adam adam = new Adam(p);
        LearningRate rate = new LearningRate(s.lr(), s.warmup(), s.steps());
        List<HeldOut> evaluations = new ArrayList<>();
        SortedMap<String, float[]> best;
        int bestStep;
        HeldOut bestEvaluation;
        int start = 0;
        Optional<HealState> saved = s.resume() ? HealState.load(stateFolder, fingerprint) : Optional.empty();
        if (saved.isPresent()) {
            HealState st = saved.get();
            restore(p, st.parameters());
            restore(adam.firstMoments(), st.first());
            restore(adam.secondMoments(), st.second());
            evaluations.addAll(st.evaluations());
            best = st.best();
            bestStep = st.bestStep();
            bestEvaluation = evaluations.stream().filter(h -> h.step() == st.bestStep()).findFirst().orElseThrow();
            start = st.step();
            progress.resumed(start);
        } else {
            HeldOut initial = evaluate(task, parameters, base, 0);
            evaluations.add(initial);
            progress.evaluated(0, initial.summary(), true);
            best = values(p);
            bestStep = 0;
            bestEvaluation = initial;
        }
        p.values().forEach(a -> a.setRequiresGradient(true));
        double lastLoss = Double.NaN;
        long tokens = 0;
        long stepsStart = System.nanoTime();
        for (int step = start; step < s.steps(); step++) {
            double lr = rate.at(step);
            try (NDManager scope = base.newSubManager()) {
                List<int[]> batch = task.batch(step);
                List<NDArray> targets = task.targets(batch, scope);
                NDArray loss;
                try (GradientCollector collector = engine.newGradientCollector()) {
                    parameters.rebuild(scope);
                    loss = task.loss(batch, targets, scope);
                    collector.backward(loss);
                }
                lastLoss = loss.getFloat();
                Map<String, NDArray> gradients = new TreeMap<>();
                p.forEach((name, a) -> {
                    NDArray g = a.getGradient();
                    g.attach(scope);
                    gradients.put(name, g);
                });
                double norm = GlobalNormClipping.clip(gradients.values(), s.clip());
                if (!Double.isFinite(lastLoss) || !Double.isFinite(norm)) {
                    throw new InvalidSettingException("healing diverged at step " + (step + 1) + " (loss " + lastLoss
                            + ", gradient norm " + norm + "); try a lower --lr");
                }
                for (Map.Entry<String, NDArray> e : gradients.entrySet()) {
                    adam.update(e.getKey(), p.get(e.getKey()), e.getValue(), lr, step + 1);
                    // PyTorch accumulates gradients: clear them for the next step.
                    e.getValue().subi(e.getValue());
                }
                for (int[] b : batch) {
                    tokens += b.length;
                }
            }
            int done = step + 1;
            if (done % s.evalEvery() == 0 || done == s.steps()) {
                HeldOut h = evaluate(task, parameters, base, done);
                boolean better = h.betterThan(bestEvaluation);
                evaluations.add(h);
                if (better) {
                    best = values(p);
                    bestStep = done;
                    bestEvaluation = h;
                }
                progress.evaluated(done, h.summary(), better);
                new HealState(done, fingerprint, values(p), values(adam.firstMoments()), values(adam.secondMoments()),
                        best, shapes(p), List.copyOf(evaluations), bestStep).save(stateFolder);
            }
            double elapsed = (System.nanoTime() - stepsStart) / 1e9;
            progress.step(done, s.steps(), lastLoss, lr, tokens / elapsed, elapsed / (done - start) * (s.steps() - done));
        }
        p.values().forEach(a -> a.setRequiresGradient(false));
        return new Outcome(best, List.copyOf(evaluations), bestStep, start, lastLoss, tokens, (System.nanoTime() - t0) / 1e9);
    }

    /** The held-out evaluation with the forward pass's arrays formed from the current parameters. */
    private static HeldOut evaluate(Distillation task, TuckerParameters parameters, NDManager base, int step) {
        try (NDManager scope = base.newSubManager()) {
            parameters.rebuild(scope);
            return task.evaluate(step);
        }
    }

    private static SortedMap<String, float[]> values(Map<String, NDArray> arrays) {
        SortedMap<String, float[]> out = new TreeMap<>();
        arrays.forEach((name, a) -> out.put(name, a.toFloatArray()));
        return out;
    }

    private static Map<String, long[]> shapes(Map<String, NDArray> arrays) {
        Map<String, long[]> out = new TreeMap<>();
        arrays.forEach((name, a) -> out.put(name, a.getShape().getShape()));
        return out;
    }

    private static void restore(Map<String, NDArray> arrays, Map<String, float[]> values) {
        arrays.forEach((name, a) -> {
            float[] v = values.get(name);
            if (v == null || v.length != a.size()) {
                throw new IllegalStateException("the saved state has no tensor '" + name + "' of " + a.size() + " values");
            }
            a.set(FloatBuffer.wrap(v));
        });
    }
}
