package io.patchbay.tuf.api;

/** A network or HTTP failure while fetching metadata or a target. */
public class DownloadException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** No HTTP status (connection refused, timeout, TLS failure...). */
    public static final int NO_STATUS = -1;

    /** The HTTP status, or {@link #NO_STATUS}. */
    private final int httpStatus;

    /** @param message what was being fetched and what failed; no HTTP status */
    public DownloadException(String message) {
        this(message, NO_STATUS, null);
    }

    /**
     * @param message what was being fetched and what failed; no HTTP status
     * @param cause   the network or TLS failure underneath
     */
    public DownloadException(String message, Throwable cause) {
        this(message, NO_STATUS, cause);
    }

    /**
     * @param message    what was being fetched and what failed
     * @param httpStatus the status the server answered, or {@link #NO_STATUS}
     * @param cause      the failure underneath, or null
     */
    public DownloadException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /**
     * The HTTP status the server answered.
     *
     * @return the status, or {@link #NO_STATUS} if none was received
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Whether the file does not exist on the repository, which is how "no newer root" is signalled.
     *
     * @return true for 404 or 403 (some object stores answer 403 for a missing key)
     */
    public boolean isNotFound() {
        return httpStatus == 404 || httpStatus == 403;
    }
}
