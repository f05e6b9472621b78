package io.patchbay.server.impl.http;

import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * One request as an endpoint sees it: the Jetty request (headers, query) and its body, already read within
 * the route's limit.
 *
 * @param pathAndQuery the request target exactly as received (raw path, and "?" and raw query if any): what
 *                     a signed request's signature covers
 */
public record Exchange(Request request, String method, String pathAndQuery, byte[] body) {

    /** Every value of a header, in order (empty if absent). */
    public List<String> headerValues(String name) {
        return request.getHeaders().getValuesList(name);
    }

    /** A query parameter's single value, or null; a repeated parameter is a 400. */
    public String queryParameter(String name) {
        List<String> values = Request.extractQueryParameters(request).getValues(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new HttpError(400, "bad_query", "query parameter '" + name + "' appears " + values.size() + " times");
        }
        return values.get(0);
    }
}
