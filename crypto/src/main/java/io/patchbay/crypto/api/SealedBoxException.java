package io.patchbay.crypto.api;

/** A sealed box that does not open: too short, sealed to another key, or altered. */
public final class SealedBoxException extends Exception {
    private static final long serialVersionUID = 1L;

    public SealedBoxException(String message) {
        super(message);
    }
}
