package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayConfig;

/** Placeholder: the embedded runtime is being written. */
public final class EmbeddedPatchbay {
    private EmbeddedPatchbay() {
    }

    public static Patchbay start(PatchbayConfig config) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static Patchbay attach(PatchbayConfig config, org.osgi.framework.BundleContext context) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
