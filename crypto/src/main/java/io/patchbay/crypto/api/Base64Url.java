package io.patchbay.crypto.api;

import java.util.Base64;

/**
 * Unpadded base64url (RFC 4648, section 5), decoded strictly: only the alphabet, no padding, no white space,
 * and only the canonical spelling (the unused low bits of the last character must be zero). Canonical
 * matters because these strings are compared as strings (nonces in a replay cache, keys in a directory):
 * two spellings of the same bytes must not count as two values.
 */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    /**
     * Encodes bytes in the one canonical spelling {@link #decode} accepts.
     *
     * @param bytes any bytes, possibly none (giving the empty string); not null
     * @return unpadded base64url, 4 characters per 3 bytes rounded up
     */
    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes text that {@link #encode} could have produced, and nothing else.
     *
     * @param text unpadded base64url; not null
     * @return the decoded bytes, a new array
     * @throws IllegalArgumentException if the text is not canonical unpadded base64url (the message names
     *         the first offending character or the reason)
     */
    public static byte[] decode(String text) {
        int length = text.length();
        if (length % 4 == 1) {
            throw new IllegalArgumentException("not base64url: impossible length " + length);
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("not base64url: character " + describe(c) + " at " + i);
            }
        }
        byte[] bytes = DECODER.decode(text);
        // The JDK decoder ignores non-zero unused bits in the last character; re-encoding exposes them.
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("not canonical base64url (unused bits set in the last character)");
        }
        return bytes;
    }

    static String describe(char c) {
        return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
