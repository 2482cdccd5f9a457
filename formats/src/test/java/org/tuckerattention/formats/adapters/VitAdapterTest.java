package org.tuckerattention.formats.adapters;

import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.Matrix;

/** HF ViTModel names: {@code encoder.layer.N.attention.attention.query} and {@code attention.output.dense}. */
class VitAdapterTest extends AdapterContract {

    @Override
    SyntheticCheckpoint model() {
        return SyntheticModels.vit();
    }

    @Override
    Matrix expectedWq(SyntheticCheckpoint m) {
        return new Matrix(16, 16, m.values("encoder.layer.1.attention.attention.query.weight"));
    }

    @Override
    Matrix expectedWo(SyntheticCheckpoint m) {
        return new Matrix(16, 16, m.values("encoder.layer.1.attention.output.dense.weight"));
    }

    @Override
    String attentionTensor() {
        return "encoder.layer.1.attention.attention.key.bias";
    }

    @Override
    boolean hasBiases() {
        return true;
    }

    @Override
    int[] expectedHeads() {
        return new int[] {2, 2, 8};
    }
}
