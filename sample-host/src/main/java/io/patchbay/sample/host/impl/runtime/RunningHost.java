package io.patchbay.sample.host.impl.runtime;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.http.HostHttpServer;
import java.net.URI;
import java.util.Optional;

/** The sample host: the container from {@link PatchbayLauncher} behind {@link HostHttpServer}. */
final class RunningHost implements SampleHost {

    private final Patchbay patchbay;
    private final HostHttpServer http;
    private final HostLicense license;

    private RunningHost(Patchbay patchbay, HostHttpServer http, HostLicense license) {
        this.patchbay = patchbay;
        this.http = http;
        this.license = license;
    }

    static SampleHost start(HostSettings settings) {
        HostActivity activity = new HostActivity();
        HostLicense license = settings.licensing().map(l -> HostLicense.open(l, settings.dataDirectory())).orElse(null);
        if (license != null) {
            activity.onCheckRequested(license::renewSoon); // a revocation pushed by the server takes effect at once
        }
        Patchbay patchbay;
        try {
            patchbay = PatchbayLauncher.launch(settings, activity, license);
        } catch (RuntimeException e) {
            if (license != null) {
                license.close();
            }
            throw e;
        }
        try {
            HostHttpServer http = HostHttpServer.start(patchbay, settings.port(),
                    settings.agent().isPresent() ? activity : null, license);
            if (license != null) {
                license.startTicking();
            }
            return new RunningHost(patchbay, http, license);
        } catch (RuntimeException e) {
            patchbay.stop();
            if (license != null) {
                license.close();
            }
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
    public Optional<LicenseClient> licensing() {
        return Optional.ofNullable(license).map(HostLicense::client);
    }

    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            try {
                patchbay.stop();
            } finally {
                if (license != null) {
                    license.close();
                }
            }
        }
    }
}
