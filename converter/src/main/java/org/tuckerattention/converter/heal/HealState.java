package org.tuckerattention.converter.heal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.TemporaryFolder;
import org.tuckerattention.formats.safetensors.SafetensorsFile;
import org.tuckerattention.formats.safetensors.SafetensorsReader;
import org.tuckerattention.formats.safetensors.SafetensorsWriter;
import org.tuckerattention.formats.safetensors.TensorSource;
import org.tuckerattention.formats.tensor.DType;

/**
 * The saved state of a run, for {@code --resume}: the step reached, the parameters, Adam's moments, the best
 * parameters so far and the evaluations. One safetensors file (tensors {@code parameter/}, {@code first/},
 * {@code second/}, {@code best/} + name; the rest in its metadata) in a hidden folder beside the output,
 * replaced atomically, so an interrupted save leaves the previous state whole. The batch draws need no
 * saved generator: each step has its own stream ({@link Distillation#random}).
 *
 * @param shapes the shape of every parameter, by name
 */
record HealState(int step, String fingerprint, SortedMap<String, float[]> parameters, SortedMap<String, float[]> first,
        SortedMap<String, float[]> second, SortedMap<String, float[]> best, Map<String, long[]> shapes,
        List<HeldOut> evaluations, int bestStep) {

    private static final String FILE = "state.safetensors";
    private static final String[] GROUPS = {"parameter/", "first/", "second/", "best/"};

    /** The state folder of a run writing {@code output}: {@code .NAME.heal-state} beside it. */
    static Path folder(Path output) {
        Path target = output.toAbsolutePath().normalize();
        return target.resolveSibling("." + target.getFileName() + ".heal-state");
    }

    /** Writes the state into {@code folder} (created), replacing the previous one in one rename. */
    void save(Path folder) {
        try {
            Files.createDirectories(folder);
            Path partial = folder.resolve(FILE + ".partial");
            List<TensorSource> tensors = new ArrayList<>();
            List<SortedMap<String, float[]>> groups = List.of(parameters, first, second, best);
            for (int g = 0; g < GROUPS.length; g++) {
                for (Map.Entry<String, float[]> e : groups.get(g).entrySet()) {
                    tensors.add(TensorSource.of(GROUPS[g] + e.getKey(), DType.F32, shapes.get(e.getKey()), e.getValue()));
                }
            }
            Map<String, String> meta = new HashMap<>();
            meta.put("step", Integer.toString(step));
            meta.put("fingerprint", fingerprint);
            meta.put("best_step", Integer.toString(bestStep));
            for (int k = 0; k < evaluations.size(); k++) {
                HeldOut h = evaluations.get(k);
                meta.put("evaluation." + k, h.step() + "\t" + h.metric() + "\t" + h.value() + "\t" + h.higherIsBetter()
                        + "\t" + h.summary());
            }
            SafetensorsWriter.write(partial, tensors, meta);
            try {
                Files.move(partial, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the healing state in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The state saved in {@code folder}, if any; fails when it was saved by a run with another
     * {@code fingerprint} (other inputs or settings), which resuming would silently mix.
     */
    static Optional<HealState> load(Path folder, String fingerprint) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (SafetensorsFile f = SafetensorsReader.open(file)) {
            Map<String, String> meta = f.metadata();
            if (!fingerprint.equals(meta.get("fingerprint"))) {
                throw new CheckpointException(file, "saved by a run with other inputs or settings; run again without "
                        + "--resume to start over (or with the settings of that run)");
            }
            List<SortedMap<String, float[]>> groups = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                    new TreeMap<>());
            Map<String, long[]> shapes = new HashMap<>();
            f.tensors().forEach((name, ref) -> {
                for (int g = 0; g < GROUPS.length; g++) {
                    if (name.startsWith(GROUPS[g])) {
                        String key = name.substring(GROUPS[g].length());
                        groups.get(g).put(key, ref.floats());
                        shapes.put(key, ref.shape());
                    }
                }
            });
            List<HeldOut> evaluations = new ArrayList<>();
            for (int k = 0; meta.containsKey("evaluation." + k); k++) {
                String[] p = meta.get("evaluation." + k).split("\t", 5);
                evaluations.add(new HeldOut(Integer.parseInt(p[0]), p[1], Double.parseDouble(p[2]),
                        Boolean.parseBoolean(p[3]), p[4]));
            }
            return Optional.of(new HealState(Integer.parseInt(meta.get("step")), fingerprint, groups.get(0),
                    groups.get(1), groups.get(2), groups.get(3), shapes, evaluations,
                    Integer.parseInt(meta.get("best_step"))));
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException(file, "unreadable healing state (" + e.getMessage()
                    + "); run again without --resume to start over");
        }
    }

    /** Removes the state folder of a finished run. */
    static void delete(Path folder) {
        try {
            if (Files.exists(folder)) {
                TemporaryFolder.deleteTree(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the healing state " + folder + ": " + e.getMessage(), e);
        }
    }
}
