package io.patchbay.server.store;

/** An input is malformed (wrong shape, forbidden characters, wrong key length). Nothing was written. */
public class InvalidInputException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The name of the offending input, as the API calls it. */
    public String field() {
        return field;
    }
}
