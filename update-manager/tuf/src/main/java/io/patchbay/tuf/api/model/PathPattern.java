package io.patchbay.tuf.api.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Delegation PATHPATTERN matching, glob-like as the spec (since 1.0.20) and python-tuf do it: pattern
 * and path are split at '/', must have the same number of segments, and each segment matches as Python's
 * {@code fnmatch} does, with {@code *} (any run of characters), {@code ?} (one character) and
 * {@code [...]} / {@code [!...]} classes. So a wildcard never matches a '/', and "targets/*.tgz" does not
 * match "targets/a/b.tgz".
 *
 * <p>A character is a Unicode code point, not a UTF-16 unit: "v??.tgz" must not match "v😀.tgz" (one
 * character above U+FFFF is two Java chars), and "?" must match it.
 */
public final class PathPattern {

    private PathPattern() {
    }

    /**
     * Whether a delegation's path pattern covers a target path.
     *
     * @param pattern a PATHPATTERN from a delegation's {@code paths}
     * @param path    a target path
     * @return true if both have the same number of segments and each segment matches
     */
    public static boolean matches(String pattern, String path) {
        String[] patternParts = pattern.split("/", -1);
        String[] pathParts = path.split("/", -1);
        if (patternParts.length != pathParts.length) {
            return false;
        }
        for (int i = 0; i < patternParts.length; i++) {
            if (!segmentMatches(patternParts[i].codePoints().toArray(), pathParts[i].codePoints().toArray())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The UTF-8 bytes of a target path, as hashed for {@code path_hash_prefixes}.
     *
     * @param path a target path
     * @return its UTF-8 encoding
     * @throws IllegalArgumentException if the path holds an unpaired surrogate: it has no UTF-8 form, and
     *                                  {@code String.getBytes} would silently hash it as '?'
     */
    public static byte[] utf8(String path) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(path));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("target path holds an unpaired surrogate (not valid Unicode): "
                    + path.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
        }
    }

    /** Iterative wildcard matching with backtracking to the last '*' (linear-ish, no regex blow-up). */
    private static boolean segmentMatches(int[] pattern, int[] text) {
        int p = 0;
        int t = 0;
        int starPattern = -1;
        int starText = -1;
        while (t < text.length) {
            if (p < pattern.length && pattern[p] == '*') {
                starPattern = ++p;
                starText = t;
                continue;
            }
            if (p < pattern.length) {
                int consumed = matchOne(pattern, p, text[t]);
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
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /** How many pattern code points matched code point {@code c} at {@code p}; 0 if no match. */
    private static int matchOne(int[] pattern, int p, int c) {
        int pc = pattern[p];
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
    private static int classEnd(int[] pattern, int p) {
        int i = p + 1;
        if (i < pattern.length && pattern[i] == '!') {
            i++;
        }
        if (i < pattern.length && pattern[i] == ']') {
            i++;
        }
        while (i < pattern.length && pattern[i] != ']') {
            i++;
        }
        return i < pattern.length ? i : -1;
    }

    private static boolean classMatches(int[] pattern, int start, int end, int c) {
        boolean negate = pattern[start] == '!';
        boolean found = false;
        for (int i = negate ? start + 1 : start; i < end; ) {
            int low = pattern[i];
            if (i + 2 < end && pattern[i + 1] == '-') {
                found |= low <= c && c <= pattern[i + 2];
                i += 3;
            } else {
                found |= low == c;
                i++;
            }
        }
        return found != negate;
    }
}
