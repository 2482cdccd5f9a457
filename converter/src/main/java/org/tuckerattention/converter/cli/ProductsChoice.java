package org.tuckerattention.converter.cli;

import org.tuckerattention.converter.linalg.LibtorchProducts;
import org.tuckerattention.converter.linalg.MatrixProducts;

/** The {@code --products} option: where heavy matrix products run. */
enum ProductsChoice {
    /** libtorch when it loads, else EJML. */
    AUTO,
    /** libtorch (PyTorch through DJL); fails if it does not load. */
    LIBTORCH,
    /** EJML's pure-Java kernels. */
    EJML;

    MatrixProducts products() {
        return switch (this) {
            case AUTO -> MatrixProducts.best();
            case LIBTORCH -> LibtorchProducts.load();
            case EJML -> MatrixProducts.ejml();
        };
    }
}
