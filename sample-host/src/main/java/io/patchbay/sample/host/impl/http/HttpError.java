package io.patchbay.sample.host.impl.http;

/** A request the host refuses, with the status and a message saying what to fix. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
