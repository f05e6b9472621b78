package io.patchbay.server.impl.http;

import java.util.Map;

/**
 * A refusal with its status, a short machine-readable reason ({@code error}) and a message saying what to fix.
 * Thrown by endpoints; the router turns it into a JSON error reply.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final transient Map<String, String> headers;

    public HttpError(int status, String error, String message) {
        this(status, error, message, Map.of());
    }

    public HttpError(int status, String error, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Reply toReply() {
        Reply reply = Reply.error(status, error, getMessage());
        for (Map.Entry<String, String> header : headers.entrySet()) {
            reply = reply.withHeader(header.getKey(), header.getValue());
        }
        return reply;
    }
}
