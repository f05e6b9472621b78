package io.patchbay.sample.host.api;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.sample.host.impl.http.HostHttpServer;
import io.patchbay.sample.host.impl.runtime.HostActivity;
import io.patchbay.sample.host.impl.runtime.PatchbayLauncher;
import java.net.URI;

/**
 * A running sample host: an embedded Patchbay container behind a small HTTP API on 127.0.0.1.
 * <ul>
 *   <li>{@code GET /greet?name=X}: the current greeter's answer (text)</li>
 *   <li>{@code GET /patch-level}: the committed patch level (JSON)</li>
 *   <li>{@code POST /patches}: apply a patch, from {@code {"files": ["/path/a.jar", ...]}} (JSON) or from
 *       one jar as the body ({@code application/java-archive}); answers with the swap report (JSON)</li>
 * </ul>
 * With a {@link HostAgent} in its settings the container also runs the update agent; the host is idle when no
 * request is in flight, and its commit point is reached when the last request in flight has been handled.
 */
public final class SampleHost implements AutoCloseable {

    private final Patchbay patchbay;
    private final HostHttpServer http;

    private SampleHost(Patchbay patchbay, HostHttpServer http) {
        this.patchbay = patchbay;
        this.http = http;
    }

    /** Starts the container (recovering or installing the committed bundles), then the HTTP server. */
    public static SampleHost start(HostSettings settings) {
        HostActivity activity = new HostActivity();
        Patchbay patchbay = PatchbayLauncher.launch(settings, activity);
        try {
            return new SampleHost(patchbay, HostHttpServer.start(patchbay, settings.port(),
                    settings.agent().isPresent() ? activity : null));
        } catch (RuntimeException e) {
            patchbay.stop();
            throw e;
        }
    }

    /** E.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return http.baseUri();
    }

    public int port() {
        return http.port();
    }

    public Patchbay patchbay() {
        return patchbay;
    }

    /** Stops HTTP first so no request reaches a stopping container. Idempotent. */
    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            patchbay.stop();
        }
    }
}
