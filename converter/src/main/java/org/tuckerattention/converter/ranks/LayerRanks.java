package org.tuckerattention.converter.ranks;

/** Both tensors' effective ranks for one layer. */
public record LayerRanks(int layer, TensorRanks pre, TensorRanks post) {}
