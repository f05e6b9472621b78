package io.patchbay.server.impl.http;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A complete JSON response, built before anything is written; or (with {@code stream}) the head of a long-lived
 * response whose body the stream writes itself, asynchronously, after the router has released the request's
 * in-flight slot.
 */
public record Reply(int status, byte[] body, Map<String, String> headers, Stream stream) {

    /** Writes a long-lived response body; it owns {@code callback} and completes it when the stream ends. */
    @FunctionalInterface
    public interface Stream {
        void open(Response response, Callback callback);
    }

    public Reply(int status, byte[] body, Map<String, String> headers) {
        this(status, body, headers, null);
    }

    /** A 200 whose body {@code stream} writes, with {@code contentType} and {@code headers}. */
    public static Reply stream(String contentType, Map<String, String> headers, Stream stream) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(HttpHeader.CONTENT_TYPE.asString(), contentType);
        return new Reply(200, new byte[0], all, java.util.Objects.requireNonNull(stream, "stream"));
    }

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
        return new Reply(status, body, more, stream);
    }

    void send(Response response, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        if (stream != null) {
            stream.open(response, callback);
            return;
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
