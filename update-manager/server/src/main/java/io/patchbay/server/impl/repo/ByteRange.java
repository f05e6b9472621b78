package io.patchbay.server.impl.repo;

import java.util.List;

/**
 * One satisfiable byte range of a file (RFC 9110 14.1.2), or the decision to ignore the request's {@code Range}.
 *
 * <p>Only a single range is served: {@code bytes=N-}, {@code bytes=N-M} and the suffix form {@code bytes=-N}.
 * Several ranges, several {@code Range} fields, another unit or any malformed value are ignored (a full 200, as
 * RFC 9110 14.2 allows): a multipart answer would let one small request make the server send the file many
 * times over, and no client of this repository asks for more than "the rest from here". Numbers saturate
 * instead of overflowing, so a huge first position is simply beyond the file (416) and a huge last position
 * means "to the end".
 *
 * @param first  offset of the first byte sent
 * @param length number of bytes sent (at least 1, never beyond the file)
 */
record ByteRange(long first, long length) {

    /** What to do with a request's {@code Range}. */
    sealed interface Decision permits Full, Partial, Unsatisfiable {
    }

    /** Ignore it: send the whole file. */
    record Full() implements Decision {
    }

    record Partial(ByteRange range) implements Decision {
    }

    /** A well-formed single range that lies entirely beyond the file: 416. */
    record Unsatisfiable() implements Decision {
    }

    /** Longer headers are not a range any client here sends; they are ignored without being scanned. */
    static final int MAX_HEADER = 100;

    private static final Full FULL = new Full();

    long last() {
        return first + length - 1;
    }

    /** {@code Content-Range} of a 206. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last() + "/" + size;
    }

    /** {@code Content-Range} of a 416. */
    static String unsatisfied(long size) {
        return "bytes */" + size;
    }

    /**
     * @param rangeHeaders every {@code Range} field of the request
     * @param size         the file's length
     */
    static Decision decide(List<String> rangeHeaders, long size) {
        if (rangeHeaders.size() != 1) {
            return FULL;
        }
        String value = rangeHeaders.get(0).strip();
        if (value.length() > MAX_HEADER || !value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return FULL;
        }
        String spec = value.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf(',') >= 0) {
            return FULL;
        }
        long first = number(spec.substring(0, dash).strip());
        long last = number(spec.substring(dash + 1).strip());
        boolean firstGiven = dash > 0;
        boolean lastGiven = dash < spec.length() - 1;
        if ((firstGiven && first < 0) || (lastGiven && last < 0) || (!firstGiven && !lastGiven)) {
            return FULL;
        }
        if (!firstGiven) {
            // suffix: the last N bytes; an empty file has none to give, its (empty) whole is sent instead
            if (last == 0) {
                return new Unsatisfiable();
            }
            return size == 0 ? FULL : new Partial(new ByteRange(size - Math.min(last, size), Math.min(last, size)));
        }
        if (lastGiven && last < first) {
            return FULL; // invalid: RFC 9110 says ignore
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        long end = lastGiven ? Math.min(last, size - 1) : size - 1;
        return new Partial(new ByteRange(first, end - first + 1));
    }

    /**
     * True if the request's {@code If-Range} lets the range be served: none given, or exactly one, equal to the
     * file's strong tag by the strong comparison. A weak tag or a date (this handler sends no Last-Modified to
     * compare with) never matches, so the client gets the whole current file instead of a piece of another.
     */
    static boolean ifRangeAllows(List<String> ifRangeHeaders, String etag) {
        if (ifRangeHeaders.isEmpty()) {
            return true;
        }
        return ifRangeHeaders.size() == 1 && ifRangeHeaders.get(0).strip().equals(etag);
    }

    /** Decimal digits only, saturating at Long.MAX_VALUE; -1 if empty or anything else. */
    private static long number(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
