package org.tuckerattention.validation.generation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.DecodingSession;
import org.tuckerattention.validation.runtime.Logits;
import org.tuckerattention.validation.tokenizers.TextTokenizer;

/**
 * Continues a prompt token by token with the KV cache (one prefill, then one step per token), handing
 * the text to a consumer as soon as each token decodes. Stops at the model's end-of-text token, after
 * {@code maxTokens}, or when the context is full.
 */
public final class TextGeneration {

    /** Streams the prompt's text, then the continuation, to {@code text}. */
    public static GenerationStats run(CausalModel model, TextTokenizer tokenizer, String prompt, int maxTokens,
            TokenSampler sampler, Consumer<String> text) {
        int[] promptIds = tokenizer.encode(prompt);
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens (and the model no BOS token)");
        }
        if (promptIds.length >= model.maxPositions()) {
            throw new IllegalArgumentException("the prompt has " + promptIds.length + " tokens; the model's context is "
                    + model.maxPositions());
        }
        Set<Integer> stops = stopTokens(model.config().json().get("eos_token_id"));
        int[] ids = Arrays.copyOf(promptIds, Math.min(promptIds.length + maxTokens, model.maxPositions()));
        String printed = tokenizer.decode(promptIds);
        text.accept(printed);
        try (DecodingSession session = model.newSession()) {
            long t0 = System.nanoTime();
            Logits logits = session.append(promptIds);
            long t1 = System.nanoTime();
            int n = promptIds.length;
            String stop = "max tokens";
            while (n - promptIds.length < maxTokens) {
                int next = sampler.next(logits, 0);
                if (stops.contains(next)) {
                    stop = "end of text";
                    break;
                }
                ids[n++] = next;
                String decoded = tokenizer.decode(Arrays.copyOf(ids, n));
                // A byte-fallback character spans tokens; print once the text extends what is shown.
                if (decoded.startsWith(printed) && !decoded.endsWith("\uFFFD")) {
                    text.accept(decoded.substring(printed.length()));
                    printed = decoded;
                }
                if (n == ids.length && n - promptIds.length < maxTokens) {
                    stop = "context full";
                    break;
                }
                if (n - promptIds.length < maxTokens) {
                    logits = session.next(next);
                }
            }
            long t2 = System.nanoTime();
            return new GenerationStats(promptIds.length, n - promptIds.length, (t1 - t0) / 1e9, (t2 - t1) / 1e9, stop);
        }
    }

    private static Set<Integer> stopTokens(JsonNode eos) {
        Set<Integer> ids = new HashSet<>();
        if (eos != null && eos.isArray()) {
            eos.forEach(e -> ids.add(e.asInt()));
        } else if (eos != null && eos.isIntegralNumber()) {
            ids.add(eos.asInt());
        }
        return ids;
    }

    private TextGeneration() {}
}
