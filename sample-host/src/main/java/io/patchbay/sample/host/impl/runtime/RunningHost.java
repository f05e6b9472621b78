package io.patchbay.sample.host.impl.runtime;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.http.HostHttpServer;
import java.net.URI;

/** The sample host: the container from {@link PatchbayLauncher} behind {@link HostHttpServer}. */
final class RunningHost implements SampleHost {

    private final Patchbay patchbay;
    private final HostHttpServer http;

    private RunningHost(Patchbay patchbay, HostHttpServer http) {
        this.patchbay = patchbay;
        this.http = http;
    }

    static SampleHost start(HostSettings settings) {
        HostActivity activity = new HostActivity();
        Patchbay patchbay = PatchbayLauncher.launch(settings, activity);
        try {
            return new RunningHost(patchbay, HostHttpServer.start(patchbay, settings.port(),
                    settings.agent().isPresent() ? activity : null));
        } catch (RuntimeException e) {
            patchbay.stop();
            throw e;
        }
    }

    @Override
    public URI baseUri() {
        return http.baseUri();
    }

    @Override
    public int port() {
        return http.port();
    }

    @Override
    public Patchbay patchbay() {
        return patchbay;
    }

    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            patchbay.stop();
        }
    }
}
