package io.patchbay.sample.host.impl.client;

/** The host could not be reached, or refused a request; the message says which and why. */
public final class HostClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HostClientException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
