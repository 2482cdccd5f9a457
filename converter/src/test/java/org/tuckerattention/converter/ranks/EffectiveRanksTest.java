package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Resident;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.SyntheticModels;

class EffectiveRanksTest {

    private static final EffectiveRanks.Settings SETTINGS = EffectiveRanks.Settings.defaults(MatrixProducts.ejml());

    @Test
    void stories260KHasItsStructuralRanksInEveryLayer() {
        try (Checkpoint ckpt = Checkpoints.open(SharedData.stories260K().resolve("hf-f32"))) {
            RankReport report = EffectiveRanks.analyse(ckpt, SETTINGS);
            assertEquals(5, report.layers().size());
            assertTrue(report.ropeAtZeroOffset());
            for (LayerRanks layer : report.layers()) {
                for (TensorRanks t : new TensorRanks[] {layer.pre(), layer.post()}) {
                    int[] numerical = t.spectra().stream()
                            .mapToInt(s -> s.rankAtRelativeThreshold(report.threshold())).toArray();
                    assertArrayEquals(new int[] {8, 64, 32}, numerical, t.tensor() + " layer " + layer.layer());
                    assertArrayEquals(new int[] {8, 64, 32}, t.structural());
                    int e95 = t.spectra().get(1).energyRank(0.95);
                    assertTrue(e95 > 0 && e95 <= 64);
                    assertTrue(t.errorAtSmallest() <= t.tolerance() + 1e-12);
                    assertEquals(0, t.candidates().get(0).relativeError(), 1e-7, "structural ranks are exact");
                }
            }
        }
    }

    @Test
    void mlaReportUsesTheLatentRanks() {
        try (Checkpoint ckpt = SyntheticModels.deepseekV2(true).inMemory(Path.of("dsv2"))) {
            RankReport report = EffectiveRanks.analyse(ckpt, SETTINGS);
            TensorRanks pre = report.layers().get(0).pre();
            assertArrayEquals(new int[] {4, 10, 8}, pre.structural());
            assertArrayEquals(new int[] {4, 10, 8}, pre.spectra().stream()
                    .mapToInt(s -> s.rankAtRelativeThreshold(1e-6)).toArray());
            assertTrue(report.mechanism().startsWith("MLA"));
        }
    }

    @Test
    void candidateDecompositionsRunOnTheProductsAskedFor() {
        // Each candidate's (and the smallest triple's) HOSVD makes the tensor's two factors resident there once.
        AtomicInteger residents = new AtomicInteger();
        MatrixProducts counting = new MatrixProducts() {
            @Override
            public DMatrixRMaj multiply(DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
                return MatrixProducts.ejml().multiply(a, transposeA, b, transposeB);
            }

            @Override
            public Resident resident(DMatrixRMaj a, int blockWidth) {
                residents.incrementAndGet();
                return MatrixProducts.super.resident(a, blockWidth);
            }

            @Override
            public String name() {
                return "counting";
            }
        };
        try (Checkpoint ckpt = Checkpoints.open(SharedData.stories260K().resolve("hf-f32"))) {
            RankReport report = EffectiveRanks.analyse(ckpt, EffectiveRanks.Settings.defaults(counting));
            int expected = 0;
            for (LayerRanks layer : report.layers()) {
                expected += 2 * (layer.pre().candidates().size() + 1 + layer.post().candidates().size() + 1);
            }
            assertEquals(expected, residents.get());
        }
    }

    @Test
    void feasibleTriplesRespectDimensionsAndProducts() {
        assertArrayEquals(new int[] {4, 2, 2}, EffectiveRanks.feasible(new int[] {8, 2, 2}, new int[] {8, 64, 64}));
        assertArrayEquals(new int[] {1, 1, 1}, EffectiveRanks.feasible(new int[] {0, 0, 0}, new int[] {8, 64, 64}));
        assertArrayEquals(new int[] {8, 64, 32}, EffectiveRanks.feasible(new int[] {9, 80, 32}, new int[] {8, 64, 64}));
    }
}
