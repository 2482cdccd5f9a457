package org.tuckerattention.formats.onnx;

import java.util.List;
import java.util.Optional;

/**
 * An ONNX NodeProto: input (1), output (2), name (3), op_type (4), attribute (5). Exporters from
 * PyTorch name nodes after the module that produced them, e.g.
 * {@code /encoder/layer.0/attention/self/query/MatMul}, which is how anonymous weights are found.
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs,
        List<OnnxAttribute> attributes) {

    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }

    /** Input {@code index}, or "" when absent (ONNX also writes "" for an omitted optional input). */
    public String input(int index) {
        return index < inputs.size() ? inputs.get(index) : "";
    }

    /** Output {@code index}, or "" when absent. */
    public String output(int index) {
        return index < outputs.size() ? outputs.get(index) : "";
    }

    public Optional<OnnxAttribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }
}
