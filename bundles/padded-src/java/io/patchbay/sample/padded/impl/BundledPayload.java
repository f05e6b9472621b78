package io.patchbay.sample.padded.impl;

import io.patchbay.sample.feature.api.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import org.osgi.framework.Bundle;

/** The filler entry the build generated into this bundle. */
record BundledPayload(String version, long sizeBytes) implements Payload {

    static final String ENTRY = "payload/padding.bin";
    /** Manifest header with the size the build wrote, so the health check can compare. */
    static final String SIZE_HEADER = "Padded-Payload-Size";

    static BundledPayload of(Bundle bundle) {
        return new BundledPayload(bundle.getVersion().toString(), measure(bundle));
    }

    /** Reads the whole entry, as a real feature would load its data. */
    static long measure(Bundle bundle) {
        URL entry = bundle.getEntry(ENTRY);
        if (entry == null) {
            throw new IllegalStateException(bundle.getSymbolicName() + " has no " + ENTRY + " entry");
        }
        try (InputStream in = entry.openStream()) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ENTRY, e);
        }
    }
}
