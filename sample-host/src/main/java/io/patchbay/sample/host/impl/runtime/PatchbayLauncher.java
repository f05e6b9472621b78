package io.patchbay.sample.host.impl.runtime;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.sample.host.api.HostSettings;

/** Embeds Patchbay the way any host would: data directory, publisher trust, the shared API package. */
public final class PatchbayLauncher {

    /** The feature API lives on the host's class path; bundles import it from the system bundle. */
    public static final String FEATURE_API_EXPORT = "io.patchbay.sample.feature.api;version=1.0.0";

    private PatchbayLauncher() {
    }

    public static Patchbay launch(HostSettings settings) {
        Patchbay patchbay = Patchbay.builder()
                .dataDirectory(settings.dataDirectory())
                .trustPublishers(settings.trustStore(), settings.trustPassword())
                .hostPackage(FEATURE_API_EXPORT)
                .initialBundles(settings.initialBundles())
                .clock(settings.clock())
                .start();
        patchbay.addListener(new SwapEventLogger());
        return patchbay;
    }
}
