package io.patchbay.server.spi;

import io.patchbay.server.store.AdminPrincipal;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** One request as a handler sees it, its body already read within the route's limit. */
@ProviderType
public interface ExtensionRequest {

    /**
     * The HTTP method.
     *
     * @return {@code GET} or {@code POST}
     */
    String method();

    /**
     * The request target exactly as received, not decoded: what a signature covers.
     *
     * @return the raw path, and "?" and the raw query if any
     */
    String pathAndQuery();

    /**
     * Every value of a header.
     *
     * @param name the header name
     * @return the values in order; empty if absent
     */
    List<String> headers(String name);

    /**
     * A query parameter's single value.
     *
     * @param name the parameter name
     * @return the value, or null when absent
     * @throws ExtensionRefusal 400 {@code bad_query} when the parameter is repeated
     */
    String query(String name);

    /**
     * The raw body, for a handler that verifies a signature over the exact bytes.
     *
     * @return a copy of the body; empty for GET
     */
    byte[] body();

    /**
     * The body parsed with the server's strict JSON reader (bounded depth and sizes, no trailing tokens; unknown
     * fields ignored).
     *
     * @param <T>  the type to read
     * @param type the class to bind the JSON to (a record, say)
     * @return the parsed body
     * @throws ExtensionRefusal 400 {@code malformed_json}
     */
    <T> T json(Class<T> type);

    /**
     * Who is calling, on admin routes.
     *
     * @return the verified admin caller on admin routes; empty on device routes
     */
    Optional<AdminPrincipal> admin();
}
