package org.tuckerattention.formats.llama2c;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorBytes;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * Opens a legacy v0 llama2.c checkpoint as a Hugging Face {@code LlamaForCausalLM}: the tensor names,
 * shapes ({@code out × in}) and rotate-half q/k row order of Hugging Face's own Llama converter, and a
 * synthesized {@code config.json} (DESIGN §2, §3, §10). Weights stay in the file and are read on
 * demand; q and k rows are permuted as they are read ({@link RotateHalfRows}).
 */
public final class Llama2cImporter {

    /** Opens {@code bin}; the returned checkpoint holds the file open until it is closed. */
    public static Checkpoint open(Path bin) {
        FileChannel channel;
        try {
            channel = FileChannel.open(bin, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(bin, "file not found");
        } catch (IOException e) {
            throw new CheckpointException(bin, "cannot open: " + e.getMessage(), e);
        }
        try {
            Llama2cHeader header = Llama2cHeader.read(bin, channel);
            return new Checkpoint(
                    bin,
                    config(bin, header),
                    tensors(bin, channel, header),
                    tokenizerFile(bin, header.vocabSize()).stream().toList(),
                    List.of(channel));
        } catch (IOException e) {
            CheckpointException failure = new CheckpointException(bin, "cannot read: " + e.getMessage(), e);
            closeQuietly(channel, failure);
            throw failure;
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    /**
     * The tokenizer beside {@code bin}: {@code tok<vocabSize>.bin} if present (its name states its
     * vocabulary), else {@code tokenizer.bin} (llama2.c's default name), else empty.
     */
    public static Optional<Path> tokenizerFile(Path bin, int vocabSize) {
        Path folder = bin.toAbsolutePath().getParent();
        return Stream.of("tok" + vocabSize + ".bin", "tokenizer.bin")
                .map(folder::resolve)
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /** The config Hugging Face's converter writes for these weights, key for key. */
    static HfConfig config(Path bin, Llama2cHeader h) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putArray("architectures").add("LlamaForCausalLM");
        json.put("model_type", "llama");
        json.put("hidden_size", h.dim());
        json.put("intermediate_size", h.hiddenDim());
        json.put("num_hidden_layers", h.nLayers());
        json.put("num_attention_heads", h.nHeads());
        json.put("num_key_value_heads", h.nKvHeads());
        json.put("head_dim", h.headSize());
        json.put("max_position_embeddings", h.seqLen());
        // llama2.c hard-codes both in run.c; they are not stored in the file.
        json.put("rms_norm_eps", 1e-5);
        json.put("rope_theta", 10000.0);
        json.put("vocab_size", h.vocabSize());
        json.put("tie_word_embeddings", h.sharedClassifier());
        json.put("hidden_act", "silu");
        json.put("attention_bias", false);
        json.put("mlp_bias", false);
        // The ids of llama2.c's SentencePiece-style tokenizers (run.c: BOS 1, EOS 2).
        json.put("bos_token_id", 1);
        json.put("eos_token_id", 2);
        json.put("torch_dtype", "float32");
        return new HfConfig(bin, json);
    }

    private static Map<String, TensorRef> tensors(Path bin, FileChannel channel, Llama2cHeader h) {
        Regions a = new Regions(bin, channel, h);
        long d = h.dim();
        long kv = h.kvDim();
        long hidden = h.hiddenDim();
        Map<String, TensorRef> t = new HashMap<>();
        a.put(t, "model.embed_tokens.weight", Llama2cArray.EMBEDDING, 0, h.vocabSize(), d);
        for (int l = 0; l < h.nLayers(); l++) {
            String p = "model.layers." + l + ".";
            a.put(t, p + "input_layernorm.weight", Llama2cArray.RMS_ATT, l, d);
            a.putRotateHalf(t, p + "self_attn.q_proj.weight", Llama2cArray.WQ, l, d, d);
            a.putRotateHalf(t, p + "self_attn.k_proj.weight", Llama2cArray.WK, l, kv, d);
            a.put(t, p + "self_attn.v_proj.weight", Llama2cArray.WV, l, kv, d);
            a.put(t, p + "self_attn.o_proj.weight", Llama2cArray.WO, l, d, d);
            a.put(t, p + "post_attention_layernorm.weight", Llama2cArray.RMS_FFN, l, d);
            a.put(t, p + "mlp.gate_proj.weight", Llama2cArray.W1, l, hidden, d);
            a.put(t, p + "mlp.down_proj.weight", Llama2cArray.W2, l, d, hidden);
            a.put(t, p + "mlp.up_proj.weight", Llama2cArray.W3, l, hidden, d);
        }
        a.put(t, "model.norm.weight", Llama2cArray.RMS_FINAL, 0, d);
        if (!h.sharedClassifier()) {
            a.put(t, "lm_head.weight", Llama2cArray.WCLS, 0, h.vocabSize(), d);
        }
        return t;
    }

    /** Places one layer's slice of a stacked array as a tensor of the given shape. */
    private record Regions(Path bin, FileChannel channel, Llama2cHeader header) {

        void put(Map<String, TensorRef> tensors, String name, Llama2cArray array, int layer, long... shape) {
            tensors.put(name, new TensorRef(name, DType.F32, shape, bin, region(array, layer, shape)));
        }

        void putRotateHalf(Map<String, TensorRef> tensors, String name, Llama2cArray array, int layer, long... shape) {
            long rowBytes = shape[1] * Float.BYTES;
            TensorBytes bytes = new RotateHalfRows(region(array, layer, shape), rowBytes, header.headSize());
            tensors.put(name, new TensorRef(name, DType.F32, shape, bin, bytes));
        }

        private TensorBytes region(Llama2cArray array, int layer, long[] shape) {
            long layerBytes = Float.BYTES;
            for (long s : shape) {
                layerBytes *= s;
            }
            // The header check bounded every array by the file size, so these products fit in a long.
            return TensorBytes.fileRegion(channel, header.offset(array) + layer * layerBytes);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private Llama2cImporter() {}
}
