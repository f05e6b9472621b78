package io.patchbay.crypto.api;

/** A sealed box that does not open: too short, sealed to another key, or altered. */
public final class SealedBoxException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message why it does not open; deliberately the same for a wrong key and an altered box */
    public SealedBoxException(String message) {
        super(message);
    }
}
