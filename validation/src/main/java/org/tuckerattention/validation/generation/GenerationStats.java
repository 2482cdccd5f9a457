package org.tuckerattention.validation.generation;

/**
 * What a generation did.
 *
 * @param stop why it stopped: "max tokens", "end of text" or "context full"
 */
public record GenerationStats(int promptTokens, int generatedTokens, double prefillSeconds, double decodeSeconds,
        String stop) {}
