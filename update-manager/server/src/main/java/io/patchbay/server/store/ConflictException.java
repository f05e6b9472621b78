package io.patchbay.server.store;

/** The write contradicts what is stored (a duplicate, or a state that no longer allows it). Nothing was written. */
public class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;
    /** The API's stable reason code; part of the serialised form. */
    private final String code;

    /**
     * A refusal.
     *
     * @param code    the API's stable reason code, e.g. {@code duplicate_deployment}
     * @param message what was wrong, for a person
     */
    public ConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * The API's stable reason code.
     *
     * @return e.g. {@code duplicate_deployment}
     */
    public String code() {
        return code;
    }
}
