package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.Matrix;

/** BertForMaskedLM names ({@code bert.} prefix); BertModel names without it are read the same way. */
class BertAdapterTest extends AdapterContract {

    @Override
    SyntheticCheckpoint model() {
        return SyntheticModels.bert("bert.");
    }

    @Override
    Matrix expectedWq(SyntheticCheckpoint m) {
        return new Matrix(12, 12, m.values("bert.encoder.layer.1.attention.self.query.weight"));
    }

    @Override
    Matrix expectedWo(SyntheticCheckpoint m) {
        return new Matrix(12, 12, m.values("bert.encoder.layer.1.attention.output.dense.weight"));
    }

    @Override
    String attentionTensor() {
        return "bert.encoder.layer.1.attention.self.value.weight";
    }

    @Override
    boolean hasBiases() {
        return true;
    }

    @Override
    int[] expectedHeads() {
        return new int[] {3, 3, 4};
    }

    @Test
    void readsBertModelNamesWithoutPrefix() {
        SyntheticCheckpoint m = SyntheticModels.bert("");
        assertEquals(new Matrix(12, 12, m.values("encoder.layer.1.attention.output.dense.weight")), read(m).wo());
    }
}
