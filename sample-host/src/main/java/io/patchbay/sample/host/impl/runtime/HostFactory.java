package io.patchbay.sample.host.impl.runtime;

import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.api.SampleHostFactory;

/** Registered in META-INF/services: what {@link SampleHost#start} starts. */
public final class HostFactory implements SampleHostFactory {
    @Override
    public SampleHost start(HostSettings settings) {
        return RunningHost.start(settings);
    }
}
