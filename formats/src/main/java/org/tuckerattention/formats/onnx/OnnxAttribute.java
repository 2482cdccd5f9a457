package org.tuckerattention.formats.onnx;

import java.util.Optional;

/**
 * The parts of an ONNX AttributeProto the importers use: name (1), f (2), i (3), t (5), ints (8).
 * Fields absent from the file read as 0, an empty array and no tensor; which field is meaningful
 * follows from the attribute's name (e.g. {@code epsilon} is a float, {@code value} a tensor).
 */
public record OnnxAttribute(String name, float f, long i, long[] ints, Optional<OnnxTensor> t) {

    public OnnxAttribute {
        ints = ints.clone();
    }

    @Override
    public long[] ints() {
        return ints.clone();
    }
}
