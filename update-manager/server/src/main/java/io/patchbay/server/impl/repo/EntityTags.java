package io.patchbay.server.impl.repo;

import java.util.List;

/** {@code If-None-Match} evaluation (RFC 9110 13.1.2): {@code *} or a list of entity tags, compared weakly. */
final class EntityTags {

    private EntityTags() {
    }

    /**
     * True if any {@code If-None-Match} header value matches {@code etag} (a strong tag, quoted): {@code *}
     * matches any current file, and {@code W/"x"} matches {@code "x"} because If-None-Match uses the weak
     * comparison (a cache that weakened our tag, e.g. by compressing, may still revalidate). A malformed
     * member never matches, so the worst a garbled header does is cost a 200.
     */
    static boolean noneMatchFails(List<String> headerValues, String etag) {
        for (String value : headerValues) {
            if (matchesAny(value, etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(String value, String etag) {
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return true;
            }
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || value.charAt(i) != '"') {
                return false;
            }
            int close = value.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if (value.regionMatches(i, etag, 0, etag.length()) && close + 1 - i == etag.length()) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }
}
