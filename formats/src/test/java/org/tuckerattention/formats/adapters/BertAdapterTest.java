package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.tensor.Matrix;

/** BertForMaskedLM names ({@code bert.} prefix); BertModel names without it are read the same way. */
class BertAdapterTest extends AdapterContract {

    static SyntheticCheckpoint bert(String prefix) {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 12,
                 "num_attention_heads": 3, "num_hidden_layers": 2, "intermediate_size": 20}""", 13);
        for (int l = 0; l < 2; l++) {
            String p = prefix + "encoder.layer." + l + ".attention.";
            for (String s : new String[] {"self.query", "self.key", "self.value", "output.dense"}) {
                m.tensor(p + s + ".weight", 12, 12).tensor(p + s + ".bias", 12);
            }
        }
        return m;
    }

    @Override
    SyntheticCheckpoint model() {
        return bert("bert.");
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
        SyntheticCheckpoint m = bert("");
        assertEquals(new Matrix(12, 12, m.values("encoder.layer.1.attention.output.dense.weight")), read(m).wo());
    }
}
