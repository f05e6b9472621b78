package io.patchbay.server.store;

/** A named thing (release, deployment, client) does not exist. Nothing was written. */
public class NotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;
    /** The API's stable reason code; part of the serialised form. */
    private final String code;

    /**
     * A refusal.
     *
     * @param code    the API's stable reason code, e.g. {@code unknown_release}
     * @param message what was wrong, for a person
     */
    public NotFoundException(String code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * The API's stable reason code.
     *
     * @return e.g. {@code unknown_release}
     */
    public String code() {
        return code;
    }
}
