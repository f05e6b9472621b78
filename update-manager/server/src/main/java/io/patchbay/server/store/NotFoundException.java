package io.patchbay.server.store;

/** A named thing (release, deployment, client) does not exist. Nothing was written. */
public class NotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final String code;

    /** @param code the API's stable reason code, e.g. {@code unknown_release} */
    public NotFoundException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
