package io.patchbay.sample.host.impl.runtime;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.policy.api.AgentControl;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.http.HostHttpServer;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

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
        // The runtime starts after the license (the gate needs its entitlements), so the agent is looked up late.
        AtomicReference<Patchbay> started = new AtomicReference<>();
        HostLicense license = settings.licensing().map(l -> HostLicense.open(l, settings.dataDirectory(),
                () -> agentClientId(started.get()))).orElse(null);
        if (license != null) {
            activity.onCheckRequested(license::renewSoon); // a revocation pushed by the server takes effect at once
        }
        Patchbay patchbay;
        try {
            patchbay = PatchbayLauncher.launch(settings, activity, license);
            started.set(patchbay);
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

    /** The running agent's enrolled client id, or null (no runtime yet, no agent, not enrolled). */
    private static String agentClientId(Patchbay patchbay) {
        if (patchbay == null) {
            return null;
        }
        // current(), not call(): without an agent the activation goes on at once, without a client id (the host
        // then learns of a revocation at its next renewal)
        try {
            return patchbay.service(AgentControl.class).current().flatMap(AgentControl::clientId).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
