package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;

/** Builds the gate's refusals, so every one names the artifact and its reason the same way. */
final class Refusal {
    private Refusal() {
    }

    static BundleRejectedException corrupt(String artifact, String detail) {
        return new BundleRejectedException(artifact, Reason.CORRUPT_JAR, detail);
    }

    static BundleRejectedException oversized(String artifact, String detail) {
        return new BundleRejectedException(artifact, Reason.OVERSIZED, detail);
    }

    static BundleRejectedException unsigned(String artifact, String detail) {
        return new BundleRejectedException(artifact, Reason.UNSIGNED_ENTRY, detail);
    }

    static BundleRejectedException tampered(String artifact, String detail) {
        return new BundleRejectedException(artifact, Reason.TAMPERED_ENTRY, detail);
    }
}
