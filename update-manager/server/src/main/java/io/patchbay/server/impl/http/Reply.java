package io.patchbay.server.impl.http;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** A complete JSON response, built before anything is written. */
public record Reply(int status, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";

    /** The body of every error reply: the status again, a stable reason code, and a human message. */
    public record ErrorBody(int status, String error, String message) {
    }

    public static Reply json(int status, Object value) {
        return new Reply(status, Json.write(value), Map.of());
    }

    public static Reply error(int status, String error, String message) {
        return json(status, new ErrorBody(status, error, message));
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, more);
    }

    void send(Response response, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
