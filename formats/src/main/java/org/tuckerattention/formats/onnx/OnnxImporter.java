package org.tuckerattention.formats.onnx;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * Opens a BERT encoder exported to ONNX by PyTorch (optimum, transformers.js, sentence-transformers
 * exports; all-MiniLM-L6-v2 is one) as a {@link Checkpoint} in Hugging Face form: tensors named as in
 * {@code BertModel} without the {@code bert.} prefix, Linear weights transposed to {@code out × in},
 * and a config rebuilt from shapes and graph (DESIGN §3, §10). Weights are read lazily from the
 * mapped file; transposed ones are transposed in memory on first read.
 */
public final class OnnxImporter {

    private OnnxImporter() {}

    /**
     * Opens {@code onnx}; a {@code tokenizer.json} beside it is listed as an extra file. The returned
     * checkpoint holds the file open until closed.
     *
     * @throws CheckpointException one line naming the file: unreadable, malformed or hostile protobuf,
     *     external data, or not a BERT export
     */
    public static Checkpoint open(Path onnx) {
        FileChannel channel;
        try {
            channel = FileChannel.open(onnx, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(onnx, "file not found");
        } catch (IOException e) {
            throw new CheckpointException(onnx, "cannot open: " + e.getMessage(), e);
        }
        try {
            OnnxGraph graph = OnnxModelReader.read(onnx, channel);
            Map<String, TensorRef> tensors = tensors(graph);
            HfConfig config = BertOnnxConfig.synthesize(graph, tensors);
            Path tokenizer = onnx.resolveSibling("tokenizer.json");
            List<Path> extras = Files.isRegularFile(tokenizer) ? List.of(tokenizer) : List.of();
            return new Checkpoint(onnx, config, tensors, extras, List.of(channel));
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    /** The BERT tensors under their Hugging Face names, in Hugging Face orientation. */
    private static Map<String, TensorRef> tensors(OnnxGraph graph) {
        Map<String, TensorRef> tensors = new TreeMap<>();
        BertOnnxWeights.find(graph).forEach((name, source) -> {
            OnnxTensor t = source.tensor();
            tensors.put(name, source.transposed() ? transposed(graph, name, t) : t.ref(graph.file(), name));
        });
        return tensors;
    }

    private static TensorRef transposed(OnnxGraph graph, String name, OnnxTensor t) {
        long[] dims = t.dims();
        if (dims.length != 2 || dims[0] > Integer.MAX_VALUE || dims[1] > Integer.MAX_VALUE
                || t.elementCount() * t.dtype().byteSize() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(graph.file(), "initializer '" + t.name() + "' for " + name + " has shape "
                    + Arrays.toString(dims) + ", expected a matrix under 2 GiB");
        }
        int rows = (int) dims[0];
        int cols = (int) dims[1];
        return new TensorRef(name, t.dtype(), new long[] {cols, rows}, graph.file(),
                new TransposedBytes(t.bytes(), rows, cols, t.dtype().byteSize()));
    }

    private static void closeQuietly(FileChannel channel, RuntimeException failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
