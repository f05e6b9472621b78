package io.patchbay.crypto.api;

import java.util.Base64;

/**
 * One PEM block (RFC 7468) of an expected type: 64-character standard base64 lines, "\n" line ends when
 * writing; when reading, exactly one block of that type, optional surrounding white space and CRLF line
 * ends, nothing else (no explanatory text, no headers), and strict base64 inside.
 */
final class Pem {

    public static final String PUBLIC_KEY = "PUBLIC KEY";
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    /** Key PEM is a few hundred bytes; anything far larger is not a key file. */
    public static final int MAX_CHARS = 16 * 1024;

    private Pem() {
    }

    public static String encode(String type, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder pem = new StringBuilder(base64.length() + 80).append("-----BEGIN ").append(type).append("-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            pem.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return pem.append("-----END ").append(type).append("-----\n").toString();
    }

    /** @throws IllegalArgumentException unless the text is exactly one well-formed PEM block of the type */
    public static byte[] decode(String type, String text) {
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("PEM text too long (" + text.length() + " characters)");
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        String trimmed = text.strip();
        if (!trimmed.startsWith(begin) || !trimmed.endsWith(end) || trimmed.length() < begin.length() + end.length()) {
            throw new IllegalArgumentException("not a PEM block of type '" + type + "'");
        }
        String body = trimmed.substring(begin.length(), trimmed.length() - end.length());
        StringBuilder base64 = new StringBuilder(body.length());
        for (String line : body.split("\r?\n", -1)) {
            if (line.contains("-----") || line.indexOf(':') >= 0) {
                throw new IllegalArgumentException("PEM block of type '" + type + "' holds more than base64");
            }
            base64.append(line);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed base64 in PEM block of type '" + type + "'", e);
        }
        if (der.length == 0) {
            throw new IllegalArgumentException("empty PEM block of type '" + type + "'");
        }
        return der;
    }
}
