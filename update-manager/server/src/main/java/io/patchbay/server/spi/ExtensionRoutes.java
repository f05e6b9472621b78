package io.patchbay.server.spi;

import io.patchbay.server.store.AdminRole;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where an extension registers its resources. Paths are exact (no patterns; pass identifiers in the query or
 * the body). A path the server or another extension already serves is refused at start.
 */
@ProviderType
public interface ExtensionRoutes {

    /** The largest body any route may declare. */
    int MAX_BODY_BYTES = 1024 * 1024;

    /**
     * A device-facing route under {@code /<id>/}. It counts against the server's in-flight limit (503 +
     * Retry-After beyond it). The server does not authenticate it: the extension does (its callers need not be
     * enrolled clients).
     *
     * @param method       {@code GET} (no body) or {@code POST} (a JSON body of at most {@code maxBodyBytes})
     * @param path         the exact path, starting with {@code /<id>/}
     * @param maxBodyBytes 0 for GET; for POST the largest body accepted, 1 to {@link #MAX_BODY_BYTES}
     * @param handler      answers the route
     * @throws IllegalStateException when the method, path or limit is not allowed, or the path is taken; the
     *                               server then does not start
     */
    void device(String method, String path, int maxBodyBytes, ExtensionHandler handler);

    /**
     * An admin route under {@code /admin/v1/}. The server checks the bearer admin token first: missing or
     * invalid is 401, a role below {@code required} is 403; the handler sees the caller in
     * {@link ExtensionRequest#admin()}. Use {@link AdminRole#READ_ONLY} to read and {@link AdminRole#OPERATOR}
     * to change.
     *
     * @param method       {@code GET} or {@code POST}
     * @param path         the exact path, starting with {@code /admin/v1/}
     * @param maxBodyBytes 0 for GET; for POST the largest body accepted, 1 to {@link #MAX_BODY_BYTES}
     * @param required     the lowest admin role allowed
     * @param handler      answers the route
     * @throws IllegalStateException when the method, path or limit is not allowed, or the path is taken; the
     *                               server then does not start
     */
    void admin(String method, String path, int maxBodyBytes, AdminRole required, ExtensionHandler handler);
}
