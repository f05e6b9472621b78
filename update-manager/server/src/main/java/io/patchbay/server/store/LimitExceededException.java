package io.patchbay.server.store;

/** An input is larger than its bound; the message names the bound, so an operator can tell which one. */
public class LimitExceededException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final long limit;
    private final long actual;

    public LimitExceededException(String field, long limit, long actual, String unit) {
        super(field, "is " + actual + " " + unit + ", over the limit of " + limit + " " + unit);
        this.limit = limit;
        this.actual = actual;
    }

    public long limit() {
        return limit;
    }

    public long actual() {
        return actual;
    }
}
