package io.patchbay.tuf.impl.http;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;

/**
 * The {@code Content-Range} of a 206 answer to {@code Range: bytes=offset-}, checked strictly: it must be exactly
 * {@code bytes first-last/complete} (complete may be {@code *}) with {@code first} the offset asked for, and the
 * range must lie within the file's bound. Anything else is refused with HTTP status 206 in the exception, which
 * tells the updater that the server answered the resume wrongly (so it starts over next time).
 */
record ContentRange(long first, long last) {

    /** Longer values are no range a server has reason to send. */
    private static final int MAX_LENGTH = 100;

    long length() {
        return last - first + 1;
    }

    static ContentRange parse(String header, FetchRequest request, long offset) {
        if (header == null || header.length() > MAX_LENGTH || !header.startsWith("bytes ")) {
            throw refused(request, "a partial answer without a valid Content-Range: " + printable(header));
        }
        String spec = header.substring(6);
        int dash = spec.indexOf('-');
        int slash = spec.indexOf('/');
        if (dash <= 0 || slash < dash) {
            throw refused(request, "malformed Content-Range: " + printable(header));
        }
        long first = number(spec.substring(0, dash));
        long last = number(spec.substring(dash + 1, slash));
        String completeText = spec.substring(slash + 1);
        long complete = "*".equals(completeText) ? Long.MAX_VALUE : number(completeText);
        if (first < 0 || last < first || complete < 0 || last >= complete) {
            throw refused(request, "malformed Content-Range: " + printable(header));
        }
        if (first != offset) {
            throw refused(request, "Content-Range starts at byte " + first + ", but bytes from " + offset
                    + " were asked for");
        }
        long bound = request.maxBytes();
        if (last >= bound || (complete != Long.MAX_VALUE && complete > bound)) {
            throw refused(request, "Content-Range " + printable(header) + " goes beyond the " + bound
                    + " bytes the file may have");
        }
        return new ContentRange(first, last);
    }

    /** Up to 18 decimal digits (no sign, no spaces); -1 otherwise. */
    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    private static String printable(String header) {
        if (header == null) {
            return "none";
        }
        String shown = header.length() > MAX_LENGTH ? header.substring(0, MAX_LENGTH) + "..." : header;
        return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    private static DownloadException refused(FetchRequest request, String reason) {
        return new DownloadException(request.uri() + ": " + reason, 206, null);
    }
}
