package io.patchbay.tuf.api;

/** A download produced more bytes than allowed (endless-data attack); reading stopped at the bound. */
public class LengthExceededException extends TransportException {
    private static final long serialVersionUID = 1L;

    public LengthExceededException(String message) {
        super(message);
    }

    public LengthExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
