/**
 * ONNX import (DESIGN §2, §10): {@link org.tuckerattention.formats.onnx.OnnxModelReader} reads the graph
 * of a ModelProto from the protobuf wire format without generated classes, and
 * {@link org.tuckerattention.formats.onnx.OnnxImporter} turns a PyTorch export of a BERT encoder into a
 * {@link org.tuckerattention.formats.Checkpoint} with Hugging Face names, orientation ({@code out × in})
 * and a synthesized config. Weights stay in the mapped file until read.
 */
package org.tuckerattention.formats.onnx;
