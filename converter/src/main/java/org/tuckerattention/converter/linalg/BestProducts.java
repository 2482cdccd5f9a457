package org.tuckerattention.converter.linalg;

/**
 * The fastest {@link MatrixProducts} that works in this JVM, chosen once on first use: libtorch when
 * DJL's PyTorch engine loads, EJML otherwise (DESIGN §11), with the reason for reports.
 */
final class BestProducts {

    static final MatrixProducts PRODUCTS;
    static final String REASON;

    static {
        MatrixProducts products;
        String reason;
        try {
            LibtorchProducts libtorch = LibtorchProducts.load();
            products = libtorch;
            reason = libtorch.description() + " loaded (CPU, float64, "
                    + System.getProperty(LibtorchProducts.NUM_THREADS) + " intra-op threads requested)";
        } catch (RuntimeException | LinkageError e) {
            // Any failure to load the native engine leaves the always-available Java kernels.
            products = MatrixProducts.ejml();
            reason = "PyTorch engine did not load (" + e + "); EJML's Java kernels instead";
        }
        PRODUCTS = products;
        REASON = reason;
    }

    private BestProducts() {}
}
