package org.tuckerattention.formats.adapters;

/**
 * The latent sizes of multi-head latent attention (DESIGN §7).
 *
 * @param qLoraRank d_c^Q, the query latent width, or 0 when queries come from a plain q_proj
 * @param kvLoraRank d_c^KV, the shared key/value latent width
 * @param qkNopeHeadDim per-head query/key width without position (the Tucker part of the logits)
 * @param qkRopeHeadDim per-head width of the decoupled RoPE part (shared rope key)
 * @param vHeadDim per-head value width
 */
public record MlaDims(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {

    public boolean hasQueryLatent() {
        return qLoraRank > 0;
    }
}
