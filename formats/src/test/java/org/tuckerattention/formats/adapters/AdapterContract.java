package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * What every architecture adapter must do (STYLE §3): canonical shapes, head slicing {@code Q_i},
 * the group map, biases present or absent, and clear errors for missing or mis-shaped tensors.
 * Subclasses describe a tiny synthetic checkpoint with the exact Hugging Face names.
 */
abstract class AdapterContract {

    static final Path SOURCE = Path.of("synthetic");
    static final int LAYER = 1;

    /** A checkpoint of at least two layers with exact HF names and shapes. */
    abstract SyntheticCheckpoint model();

    /** The canonical wq of {@link #LAYER}, computed from the raw tensors independently of the adapter. */
    abstract Matrix expectedWq(SyntheticCheckpoint model);

    /** The canonical wo of {@link #LAYER}, computed independently. */
    abstract Matrix expectedWo(SyntheticCheckpoint model);

    /** An attention tensor of {@link #LAYER} that the adapter must read. */
    abstract String attentionTensor();

    /** Whether this model has query/key/value and output biases. */
    abstract boolean hasBiases();

    /** The expected (nH, nKV, dH) of the synthetic model. */
    abstract int[] expectedHeads();

    AttentionWeights read(SyntheticCheckpoint model) {
        try (Checkpoint ckpt = model.inMemory(SOURCE)) {
            ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
            return adapter.attention(ckpt, adapter.geometry(ckpt.config()), LAYER);
        }
    }

    @Test
    void geometryHasTheExpectedHeads() {
        AttentionGeometry g = read(model()).geometry();
        assertArrayEquals(expectedHeads(), new int[] {g.nH(), g.nKV(), g.dH()});
    }

    @Test
    void canonicalProjectionsMatchTheRawTensors() {
        SyntheticCheckpoint model = model();
        AttentionWeights w = read(model);
        assertEquals(expectedWq(model), w.wq());
        assertEquals(expectedWo(model), w.wo());
    }

    @Test
    void queryHeadIsItsRowsOfWqTransposed() {
        AttentionWeights w = read(model());
        AttentionGeometry g = w.geometry();
        int last = g.nH() - 1;
        Matrix q = w.queryHead(last);
        assertEquals(g.queryInputDim(), q.rows());
        assertEquals(g.dH(), q.cols());
        for (int r = 0; r < q.rows(); r++) {
            for (int c = 0; c < q.cols(); c++) {
                assertEquals(w.wq().get(last * g.dH() + c, r), q.get(r, c));
            }
        }
    }

    @Test
    void groupMapSendsEachQueryHeadToItsKeyValueHead() {
        AttentionGeometry g = read(model()).geometry();
        for (int i = 0; i < g.nH(); i++) {
            assertEquals(i / (g.nH() / g.nKV()), g.group(i));
        }
        assertEquals(g.nKV() - 1, g.group(g.nH() - 1));
    }

    @Test
    void biasesArePresentExactlyWhenTheModelHasThem() {
        AttentionWeights w = read(model());
        assertEquals(hasBiases(), w.bq().isPresent());
        assertEquals(hasBiases(), w.bv().isPresent());
        assertEquals(hasBiases(), w.bo().isPresent());
    }

    @Test
    void missingTensorFailsNamingIt() {
        CheckpointException e =
                assertThrows(CheckpointException.class, () -> read(model().without(attentionTensor())));
        assertEquals("synthetic: tensor '" + attentionTensor() + "' is required by the config but missing",
                e.getMessage());
    }

    @Test
    void headerCheckAgreesWithWhatIsRead() {
        SyntheticCheckpoint model = model();
        try (Checkpoint ckpt = model.inMemory(SOURCE)) {
            ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
            AttentionGeometry g = adapter.geometry(ckpt.config());
            adapter.checkTensors(ckpt, g);
            assertTrue(adapter.attentionTensors(ckpt, g, LAYER).containsKey(attentionTensor()));
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> {
            try (Checkpoint ckpt = model().reshaped(attentionTensor(), 3, 5).inMemory(SOURCE)) {
                ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
                adapter.checkTensors(ckpt, adapter.geometry(ckpt.config()));
            }
        });
        assertTrue(e.getMessage().contains("'" + attentionTensor() + "' has shape [3, 5]"), e.getMessage());
    }

    @Test
    void misShapedTensorFailsNamingItsShape() {
        CheckpointException e =
                assertThrows(CheckpointException.class, () -> read(model().reshaped(attentionTensor(), 3, 5)));
        assertEquals(true, e.getMessage().startsWith(
                "synthetic: tensor '" + attentionTensor() + "' has shape [3, 5], expected ["), e.getMessage());
    }
}
