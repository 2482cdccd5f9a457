package org.tuckerattention.formats.adapters;

import java.util.Optional;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * The canonical attention weights of one layer (DESIGN §3), in Hugging Face orientation {@code out × in}:
 * {@code wq} (nH·dH × qIn), {@code wk} (nKV·dH × kvIn), {@code wv} (nKV·dV × kvIn), {@code wo} (d × nH·dV),
 * where qIn and kvIn are {@code d} except for MLA, whose factors read the latents (DESIGN §7).
 * Biases are empty when the model has none.
 */
public record AttentionWeights(
        AttentionGeometry geometry,
        int layer,
        Matrix wq,
        Matrix wk,
        Matrix wv,
        Matrix wo,
        Optional<float[]> bq,
        Optional<float[]> bk,
        Optional<float[]> bv,
        Optional<float[]> bo,
        Optional<MlaWeights> mla) {

    public AttentionWeights {
        AttentionGeometry g = geometry;
        require("wq", wq, g.nH() * g.dH(), g.queryInputDim());
        require("wk", wk, g.nKV() * g.dH(), g.keyValueInputDim());
        require("wv", wv, g.nKV() * g.dV(), g.keyValueInputDim());
        require("wo", wo, g.d(), g.nH() * g.dV());
        require("bq", bq, g.nH() * g.dH());
        require("bk", bk, g.nKV() * g.dH());
        require("bv", bv, g.nKV() * g.dV());
        require("bo", bo, g.d());
        if (mla.isPresent() != g.mla().isPresent()) {
            throw new IllegalArgumentException("MLA parts must be given exactly for MLA geometries");
        }
    }

    /** {@code Q_i}: head i's query factor as a (qIn × dH) matrix, i.e. its rows of wq transposed. */
    public Matrix queryHead(int i) {
        int dH = geometry.dH();
        return wq.rowRange(i * dH, (i + 1) * dH).transposed();
    }

    /** {@code K_g}: key/value head g's key factor, (kvIn × dH). */
    public Matrix keyHead(int g) {
        int dH = geometry.dH();
        return wk.rowRange(g * dH, (g + 1) * dH).transposed();
    }

    /** {@code V_g}: key/value head g's value factor, (kvIn × dV). */
    public Matrix valueHead(int g) {
        int dV = geometry.dV();
        return wv.rowRange(g * dV, (g + 1) * dV).transposed();
    }

    /** {@code O_i}: head i's (dV × d) block of wo transposed. */
    public Matrix outputHead(int i) {
        int dV = geometry.dV();
        return wo.colRange(i * dV, (i + 1) * dV).transposed();
    }

    private static void require(String name, Matrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException(
                    name + " is " + m.rows() + " x " + m.cols() + ", expected " + rows + " x " + cols);
        }
    }

    private static void require(String name, Optional<float[]> bias, int length) {
        if (bias.isPresent() && bias.get().length != length) {
            throw new IllegalArgumentException(name + " has " + bias.get().length + " values, expected " + length);
        }
    }
}
