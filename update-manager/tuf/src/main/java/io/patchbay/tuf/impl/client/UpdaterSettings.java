package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.MetadataStore;
import io.patchbay.tuf.api.TargetStore;
import java.time.Clock;
import java.util.Objects;

/** Everything an updater is built from; {@code targetStore} may be null (targets are then not cached). */
public record UpdaterSettings(Fetcher fetcher, MetadataStore metadataStore, TargetStore targetStore, Clock clock,
                              LocationPolicy location, Limits limits) {

    public UpdaterSettings {
        Objects.requireNonNull(fetcher, "fetcher");
        Objects.requireNonNull(metadataStore, "metadataStore");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(limits, "limits");
    }
}
