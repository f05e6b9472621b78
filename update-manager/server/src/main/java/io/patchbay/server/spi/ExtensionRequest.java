package io.patchbay.server.spi;

import io.patchbay.server.store.AdminPrincipal;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** One request as a handler sees it, its body already read within the route's limit. */
@ProviderType
public interface ExtensionRequest {

    String method();

    /** The request target exactly as received (raw path, and "?" and raw query if any): what a signature covers. */
    String pathAndQuery();

    /** Every value of a header, in order (empty if absent). */
    List<String> headers(String name);

    /** A query parameter's single value, or null; a repeated parameter is refused (400 bad_query). */
    String query(String name);

    byte[] body();

    /**
     * The body parsed with the server's strict JSON reader (bounded depth and sizes, no trailing tokens; unknown
     * fields ignored).
     *
     * @throws ExtensionRefusal 400 {@code malformed_json}
     */
    <T> T json(Class<T> type);

    /** The verified admin caller on admin routes; empty on device routes. */
    Optional<AdminPrincipal> admin();
}
