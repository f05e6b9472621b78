package io.patchbay.server.store;

/**
 * The signing key is already registered to a client. Two clients sharing a key would be able to sign as
 * each other, and a cloned machine would look like one: refuse instead.
 */
public class KeyInUseException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** A refusal of a signing key that another client holds. */
    public KeyInUseException() {
        super("signing key is already registered to a client");
    }
}
