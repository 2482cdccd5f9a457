package org.tuckerattention.formats.onnx;

import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;

/**
 * Reads the graph of an ONNX ModelProto straight from the protobuf wire format, without generated
 * classes: ModelProto.graph (7) → GraphProto.node (1) and initializer (5). Everything else (opset,
 * graph inputs, value infos, subgraphs of control-flow nodes) is skipped. The file is mapped once;
 * initializer raw_data stays in it and is read on demand (DESIGN §2, §10).
 */
public final class OnnxModelReader {

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;

    private final ProtoInput in;
    private final FileChannel channel;
    private final List<OnnxTensor> initializers = new ArrayList<>();
    private final List<OnnxNode> nodes = new ArrayList<>();

    private OnnxModelReader(ProtoInput in, FileChannel channel) {
        this.in = in;
        this.channel = channel;
    }

    /**
     * The graph of the model in {@code file}, open as {@code channel}; its initializers keep reading
     * from {@code channel}, which the caller closes.
     *
     * @throws CheckpointException one line naming the file, for anything that is not a readable model
     */
    public static OnnxGraph read(Path file, FileChannel channel) {
        MappedByteBuffer mapped;
        try {
            long size = channel.size();
            if (size == 0) {
                throw new CheckpointException(file, "empty file, not an ONNX model");
            }
            if (size > Integer.MAX_VALUE) {
                throw new CheckpointException(file, "file of " + size + " bytes exceeds the 2 GiB protobuf limit; "
                        + "models this large keep external data, which is not supported");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
        OnnxModelReader reader = new OnnxModelReader(new ProtoInput(file, mapped), channel);
        boolean graph = false;
        for (int tag = reader.in.tag(); tag != 0; tag = reader.in.tag()) {
            if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
                reader.graph(tag);
                graph = true;
            } else {
                reader.in.skip(tag);
            }
        }
        if (!graph) {
            throw new CheckpointException(file, "no graph (ModelProto field 7); not an ONNX model");
        }
        return new OnnxGraph(file, reader.initializers, reader.nodes);
    }

    /** One GraphProto; repeated graph fields merge, as protobuf merges repeated fields. */
    private void graph(int tag) {
        int token = in.beginMessage(tag, "graph");
        for (int t = in.tag(); t != 0; t = in.tag()) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case GRAPH_NODE -> nodes.add(node(t));
                case GRAPH_INITIALIZER -> {
                    in.count("initializer");
                    initializers.add(TensorProtoReader.read(in, t, channel));
                }
                default -> in.skip(t);
            }
        }
        in.endMessage(token);
    }

    private OnnxNode node(int tag) {
        in.count("node");
        int token = in.beginMessage(tag, "node");
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<OnnxAttribute> attributes = new ArrayList<>();
        String name = "";
        String opType = "";
        for (int t = in.tag(); t != 0; t = in.tag()) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> inputs.add(in.string(t, "node input"));
                case 2 -> outputs.add(in.string(t, "node output"));
                case 3 -> name = in.string(t, "node name");
                case 4 -> opType = in.string(t, "node op_type");
                case 5 -> attributes.add(attribute(t));
                default -> in.skip(t);
            }
        }
        in.endMessage(token);
        return new OnnxNode(name, opType, inputs, outputs, attributes);
    }

    private OnnxAttribute attribute(int tag) {
        in.count("attribute");
        int token = in.beginMessage(tag, "attribute");
        String name = "";
        float f = 0;
        long i = 0;
        List<Long> ints = new ArrayList<>();
        Optional<OnnxTensor> tensor = Optional.empty();
        for (int t = in.tag(); t != 0; t = in.tag()) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> name = in.string(t, "attribute name");
                case 2 -> {
                    in.expect(t, WireFormat.WIRETYPE_FIXED32, "attribute f");
                    f = in.fixed32Float();
                }
                case 3 -> {
                    in.expect(t, WireFormat.WIRETYPE_VARINT, "attribute i");
                    i = in.varint();
                }
                case 5 -> tensor = Optional.of(TensorProtoReader.read(in, t, channel));
                case 8 -> ints(t, ints);
                default -> in.skip(t);
            }
        }
        in.endMessage(token);
        return new OnnxAttribute(name, f, i, ints.stream().mapToLong(Long::longValue).toArray(), tensor);
    }

    /** Attribute ints, packed or one per tag. */
    private void ints(int tag, List<Long> ints) {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
            in.count("attribute ints");
            ints.add(in.varint());
            return;
        }
        int token = in.beginMessage(tag, "attribute ints");
        while (in.bytesUntilLimit() > 0) {
            in.count("attribute ints");
            ints.add(in.varint());
        }
        in.endMessage(token);
    }
}
