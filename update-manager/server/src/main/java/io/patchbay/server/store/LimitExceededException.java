package io.patchbay.server.store;

/** An input is larger than its bound; the message names the bound, so an operator can tell which one. */
public class LimitExceededException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** The bound; part of the serialised form. */
    private final long limit;
    /** The input's size; part of the serialised form. */
    private final long actual;

    /**
     * A refusal of an oversize input.
     *
     * @param field  the input's name, as the API calls it
     * @param limit  the bound
     * @param actual the input's size
     * @param unit   what both count (e.g. {@code "bytes"}, {@code "characters"})
     */
    public LimitExceededException(String field, long limit, long actual, String unit) {
        super(field, "is " + actual + " " + unit + ", over the limit of " + limit + " " + unit);
        this.limit = limit;
        this.actual = actual;
    }

    /**
     * The bound that was exceeded.
     *
     * @return the limit, in the exception's unit
     */
    public long limit() {
        return limit;
    }

    /**
     * The input's size.
     *
     * @return the size, in the exception's unit
     */
    public long actual() {
        return actual;
    }
}
