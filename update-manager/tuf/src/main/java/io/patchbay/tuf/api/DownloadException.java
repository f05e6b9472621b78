package io.patchbay.tuf.api;

/** A network or HTTP failure while fetching metadata or a target. */
public class DownloadException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** No HTTP status (connection refused, timeout, TLS failure...). */
    public static final int NO_STATUS = -1;

    private final int httpStatus;

    public DownloadException(String message) {
        this(message, NO_STATUS, null);
    }

    public DownloadException(String message, Throwable cause) {
        this(message, NO_STATUS, cause);
    }

    public DownloadException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the server answered, or {@link #NO_STATUS}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** 404 or 403: the file does not exist on the repository (how "no newer root" is signalled). */
    public boolean isNotFound() {
        return httpStatus == 404 || httpStatus == 403;
    }
}
