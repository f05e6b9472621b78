package io.patchbay.framework.spi;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Manifest headers with a meaning to Patchbay. */
public final class PatchbayHeaders {

    /**
     * Comma-separated names of the licensed features a bundle needs. The license gate keeps a bundle
     * from starting unless every named feature is licensed; bundles never check licenses by hand.
     */
    public static final String REQUIRED_FEATURES = "Patchbay-Feature";

    private PatchbayHeaders() {
    }

    /**
     * The feature names a {@link #REQUIRED_FEATURES} header value lists, trimmed, in order. A header that is present
     * but names nothing gives the one name {@code ""}, which no license grants: a bundle that means to be gated stays
     * gated whatever the typo.
     *
     * @param header the header's value, or null when the bundle has none
     * @return the names; empty only when {@code header} is null
     */
    public static Set<String> parseFeatures(String header) {
        if (header == null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : header.split(",")) {
            String trimmed = name.strip();
            if (!trimmed.isEmpty()) {
                names.add(trimmed);
            }
        }
        return names.isEmpty() ? Set.of("") : Collections.unmodifiableSet(names);
    }
}
