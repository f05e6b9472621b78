package io.patchbay.server.store;

/** An input is malformed (wrong shape, forbidden characters, wrong key length). Nothing was written. */
public class InvalidInputException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** The offending input's name; part of the serialised form. */
    private final String field;

    /**
     * A refusal of a malformed input.
     *
     * @param field   the input's name, as the API calls it
     * @param message what is wrong with it; the field name is prefixed
     */
    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /**
     * The name of the offending input, as the API calls it.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }
}
