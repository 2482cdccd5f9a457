package org.tuckerattention.validation.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.samples.SampleModels;
import org.tuckerattention.validation.tokenizers.TextTokenizer;
import org.tuckerattention.validation.tokenizers.Tokenizers;

/** The BERT encoder on all-MiniLM-L6-v2 (ONNX sample) against its golden embeddings (DESIGN §10). */
class EncoderModelTest {

    @Test
    void miniLmMeanPooledEmbeddingsMatchGolden() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(
                SharedData.require("models/all-minilm-l6-v2/golden.json").toFile());
        Path onnx = SampleModels.miniLm();
        try (EncoderModel model = (EncoderModel) Models.open(onnx, ComputeDevice.CPU);
                TextTokenizer tok = Tokenizers.forModel(onnx, 30522, java.util.Optional.empty())) {
            double[][] embeddings = new double[golden.get("sentences").size()][];
            int s = 0;
            for (JsonNode sentence : golden.get("sentences")) {
                int[] ids = tok.encode(sentence.get("text").asText());
                assertArrayEquals(ints(sentence.get("token_ids")), ids, sentence.get("text").asText());
                embeddings[s] = model.encode(ids).meanPooled();
                double[] expected = StreamSupport.stream(sentence.get("embedding").spliterator(), false)
                        .mapToDouble(JsonNode::asDouble).toArray();
                double cos = dot(embeddings[s], expected) / Math.sqrt(dot(expected, expected));
                assertTrue(cos >= 0.9999, "sentence " + s + ": cosine " + cos);
                s++;
            }
            assertEquals(golden.get("cosine_0_1").asDouble(), dot(embeddings[0], embeddings[1]), 1e-4);
            assertEquals(0, model.figures().kvCacheBytesPerToken());
            assertEquals(6L * (4 * 384 * 384 + 4 * 384), model.figures().attentionParameters());
        }
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
