package io.patchbay.framework.spi;

/** Manifest headers with a meaning to Patchbay. */
public final class PatchbayHeaders {

    /**
     * Comma-separated names of the licensed features a bundle needs. The license gate keeps a bundle
     * from starting unless every named feature is licensed; bundles never check licenses by hand.
     */
    public static final String REQUIRED_FEATURES = "Patchbay-Feature";

    private PatchbayHeaders() {
    }
}
