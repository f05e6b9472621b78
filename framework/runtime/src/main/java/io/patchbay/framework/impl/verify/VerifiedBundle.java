package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import org.osgi.framework.Version;

/** A bundle jar that passed the publisher gate, with what the swap needs to know about it. */
public record VerifiedBundle(String artifactName, String symbolicName, Version version, String sha256, byte[] bytes) {

    public BundleRecord record() {
        return new BundleRecord(symbolicName, version.toString(), sha256);
    }
}
