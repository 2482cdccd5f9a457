package org.tuckerattention.formats.adapters;

/** The attention mechanism a checkpoint was trained with; each is a special Tucker form (DESIGN §4). */
public enum Mechanism {
    /** Multi-head: one key/value head per query head. */
    MHA,
    /** Grouped-query: n_KV key/value heads, each shared by n_H / n_KV query heads. */
    GQA,
    /** Multi-query: one key/value head for all query heads. */
    MQA,
    /** Multi-head latent (DeepSeek-V2/V3): keys and values from a shared low-rank latent (DESIGN §7). */
    MLA
}
