package io.patchbay.tuf.api;

/** A download produced more bytes than allowed (endless-data attack); reading stopped at the bound. */
public class LengthExceededException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** @param message the file and the bound it exceeded */
    public LengthExceededException(String message) {
        super(message);
    }

    /**
     * @param message the file and the bound it exceeded
     * @param cause   the failure underneath
     */
    public LengthExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
