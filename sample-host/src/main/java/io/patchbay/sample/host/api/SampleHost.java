package io.patchbay.sample.host.api;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.license.api.LicenseClient;
import java.net.URI;
import java.util.Optional;

/**
 * A running sample host: an embedded Patchbay container behind a small HTTP API on 127.0.0.1.
 * <ul>
 *   <li>{@code GET /greet?name=X}: the current greeter's answer (text)</li>
 *   <li>{@code GET /patch-level}: the committed patch level (JSON)</li>
 *   <li>{@code POST /patches}: apply a patch, from {@code {"files": ["/path/a.jar", ...]}} (JSON) or from
 *       one jar as the body ({@code application/java-archive}); answers with the swap report (JSON)</li>
 *   <li>with licensing: {@code GET /license} (each feature's status and the recent license events, JSON),
 *       {@code POST /license} ({@code {"licenseKey": "..."}} activates online, {@code {"token": "..."}} imports a
 *       token), and {@code GET /report?subject=X}, the licensed feature (503 with the reason while unlicensed)</li>
 * </ul>
 * With a {@link HostAgent} in its settings the container also runs the update agent; the host is idle when no
 * request is in flight, and its commit point is reached when the last request in flight has been handled.
 */
public interface SampleHost extends AutoCloseable {

    /**
     * Starts the container (recovering or installing the committed bundles), then the HTTP server; the
     * implementation comes from {@link SampleHostFactory}.
     *
     * @param settings how to start it
     * @return the running host; close it to stop
     * @throws RuntimeException when the container, the license client or the HTTP server cannot start; what had
     *                          started is stopped again
     */
    static SampleHost start(HostSettings settings) {
        return SampleHostFactory.get().start(settings);
    }

    /**
     * Where the HTTP API listens.
     *
     * @return e.g. {@code http://127.0.0.1:41234}
     */
    URI baseUri();

    /**
     * The bound HTTP port.
     *
     * @return the port, the free one chosen when started with 0
     */
    int port();

    /**
     * The embedded runtime, for what the HTTP API does not offer (events, services).
     *
     * @return the runtime
     */
    Patchbay patchbay();

    /**
     * The license client.
     *
     * @return the client, when the host was started with {@link HostSettings#licensing()}; empty otherwise
     */
    Optional<LicenseClient> licensing();

    /** Stops HTTP first so no request reaches a stopping container. Idempotent. */
    @Override
    void close();
}
