package io.patchbay.tuf.api;

import static io.patchbay.tuf.api.FastJsonReader.GIVE_UP;

/**
 * The byte-level decoding under {@link FastJsonReader}'s strings: shortest-form UTF-8 sequences of scalar
 * values and JSON escapes, over the reader's input bytes. Anything outside that subset (overlong forms,
 * encoded or escaped surrogates, unknown escapes) throws the reader's shared {@link FastJsonReader#GIVE_UP},
 * so the Jackson reader decides; an index past the end is input cut short, which the reader also treats
 * as giving up.
 */
final class Utf8Scan {

    private Utf8Scan() {
    }

    /** Index after the shortest-form UTF-8 sequence of a scalar value starting at i; gives up otherwise. */
    static int utf8Sequence(byte[] in, int i) {
        int b0 = in[i] & 0xff;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            continuation(in, i + 1, 0x80, 0xbf);
            return i + 2;
        }
        if (b0 >= 0xe0 && b0 <= 0xef) {
            // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
            continuation(in, i + 1, b0 == 0xe0 ? 0xa0 : 0x80, b0 == 0xed ? 0x9f : 0xbf);
            continuation(in, i + 2, 0x80, 0xbf);
            return i + 3;
        }
        if (b0 >= 0xf0 && b0 <= 0xf4) {
            continuation(in, i + 1, b0 == 0xf0 ? 0x90 : 0x80, b0 == 0xf4 ? 0x8f : 0xbf);
            continuation(in, i + 2, 0x80, 0xbf);
            continuation(in, i + 3, 0x80, 0xbf);
            return i + 4;
        }
        throw GIVE_UP;
    }

    /** The code point of a sequence {@link #utf8Sequence} accepted. */
    static int codePoint(byte[] in, int i, int length) {
        int b0 = in[i] & 0xff;
        if (length == 2) {
            return ((b0 & 0x1f) << 6) | (in[i + 1] & 0x3f);
        }
        if (length == 3) {
            return ((b0 & 0x0f) << 12) | ((in[i + 1] & 0x3f) << 6) | (in[i + 2] & 0x3f);
        }
        return ((b0 & 0x07) << 18) | ((in[i + 1] & 0x3f) << 12) | ((in[i + 2] & 0x3f) << 6) | (in[i + 3] & 0x3f);
    }

    private static void continuation(byte[] in, int i, int min, int max) {
        int b = in[i] & 0xff;
        if (b < min || b > max) {
            throw GIVE_UP;
        }
    }

    /** The character of the escape whose letter is at i (surrogate escapes give up). */
    static char escape(byte[] in, int i) {
        switch (in[i]) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int c = (hex(in[i + 1]) << 12) | (hex(in[i + 2]) << 8) | (hex(in[i + 3]) << 4) | hex(in[i + 4]);
                if (Character.isSurrogate((char) c)) {
                    throw GIVE_UP;
                }
                return (char) c;
            default:
                throw GIVE_UP;
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw GIVE_UP;
    }
}
