package io.patchbay.server.store;

/** The write contradicts what is stored (a duplicate, or a state that no longer allows it). Nothing was written. */
public class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final String code;

    /** @param code the API's stable reason code, e.g. {@code duplicate_deployment} */
    public ConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
