package io.patchbay.tuf.api;

/**
 * Getting the bytes failed (python-tuf's {@code DownloadError}): network, TLS, HTTP status, timeout, or a
 * body longer than allowed. Nothing was trusted; retrying later (with backoff) is reasonable.
 */
public class TransportException extends TufException {
    private static final long serialVersionUID = 1L;

    /** @param message what was being fetched and what failed */
    public TransportException(String message) {
        super(message);
    }

    /**
     * @param message what was being fetched and what failed
     * @param cause   the network, TLS or HTTP failure underneath
     */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
