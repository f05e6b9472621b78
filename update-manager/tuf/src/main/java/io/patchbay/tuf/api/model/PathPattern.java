package io.patchbay.tuf.api.model;

/**
 * Delegation PATHPATTERN matching, glob-like as the spec (since 1.0.20) and python-tuf do it: pattern
 * and path are split at '/', must have the same number of segments, and each segment matches with
 * {@code *} (any run of characters), {@code ?} (one character) and {@code [...]} / {@code [!...]} classes.
 * So a wildcard never matches a '/', and "targets/*.tgz" does not match "targets/a/b.tgz".
 */
public final class PathPattern {

    private PathPattern() {
    }

    public static boolean matches(String pattern, String path) {
        String[] patternParts = pattern.split("/", -1);
        String[] pathParts = path.split("/", -1);
        if (patternParts.length != pathParts.length) {
            return false;
        }
        for (int i = 0; i < patternParts.length; i++) {
            if (!segmentMatches(patternParts[i], 0, pathParts[i], 0)) {
                return false;
            }
        }
        return true;
    }

    /** Iterative wildcard matching with backtracking to the last '*' (linear-ish, no regex blow-up). */
    private static boolean segmentMatches(String pattern, int p, String text, int t) {
        int starPattern = -1;
        int starText = -1;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starPattern = ++p;
                starText = t;
                continue;
            }
            if (p < pattern.length()) {
                int consumed = matchOne(pattern, p, text.charAt(t));
                if (consumed > 0) {
                    p += consumed;
                    t++;
                    continue;
                }
            }
            if (starPattern < 0) {
                return false;
            }
            p = starPattern;
            t = ++starText;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** How many pattern characters matched character {@code c} at {@code p}; 0 if no match. */
    private static int matchOne(String pattern, int p, char c) {
        char pc = pattern.charAt(p);
        if (pc == '?') {
            return 1;
        }
        if (pc == '[') {
            int end = classEnd(pattern, p);
            if (end > 0) {
                return classMatches(pattern, p + 1, end, c) ? end - p + 1 : 0;
            }
        }
        return pc == c ? 1 : 0;
    }

    /** Index of the ']' closing a class at {@code p}, or -1 (then '[' is a literal, as in fnmatch). */
    private static int classEnd(String pattern, int p) {
        int i = p + 1;
        if (i < pattern.length() && pattern.charAt(i) == '!') {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        while (i < pattern.length() && pattern.charAt(i) != ']') {
            i++;
        }
        return i < pattern.length() ? i : -1;
    }

    private static boolean classMatches(String pattern, int start, int end, char c) {
        boolean negate = pattern.charAt(start) == '!';
        boolean found = false;
        for (int i = negate ? start + 1 : start; i < end; ) {
            char low = pattern.charAt(i);
            if (i + 2 < end && pattern.charAt(i + 1) == '-') {
                found |= low <= c && c <= pattern.charAt(i + 2);
                i += 3;
            } else {
                found |= low == c;
                i++;
            }
        }
        return found != negate;
    }
}
