package io.patchbay.crypto.api.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The signed-request format, version 1: how a device signs an HTTP request to the server with its Ed25519
 * key, and the exact bytes that are signed.
 *
 * <h2>Headers</h2>
 * <pre>
 * Patchbay-Client:    the client id the server assigned at enrollment    [A-Za-z0-9._-]{1,64}
 * Patchbay-Timestamp: the signing time, in seconds since the epoch        decimal, no sign, no leading 0, at most 12 digits
 * Patchbay-Nonce:     at least 16 random bytes (128 bits), fresh per request, unpadded base64url, 22 to 64 characters
 * Patchbay-Signature: the Ed25519 signature (64 bytes) of the string below, unpadded base64url, 86 characters
 * </pre>
 * Each header appears exactly once. Base64url values must be canonical (the unused bits of the last
 * character are zero), so every value has exactly one spelling.
 *
 * <h2>The signed string</h2>
 * Seven lines joined by a single line feed (0x0A), no trailing line feed, encoded as UTF-8 (all of it is
 * ASCII by the rules above):
 * <pre>
 * patchbay-request-v1
 * METHOD                 the request method exactly as sent, upper case letters, e.g. POST
 * PATH-AND-QUERY         the request target exactly as sent on the request line (origin form: the path,
 *                        and "?" and the query if any), percent-encoding untouched, no fragment;
 *                        printable ASCII 0x21-0x7E, starting with "/", at most 8192 characters
 * CLIENT-ID              the Patchbay-Client value
 * TIMESTAMP              the Patchbay-Timestamp value
 * NONCE                  the Patchbay-Nonce value
 * BODY-SHA256            lower-case hex SHA-256 of the request body bytes (of the empty string if none)
 * </pre>
 * The first line separates these signatures from anything else the same key signs. No field can contain a
 * line feed, so the string splits back into its fields one way only. A server behind a proxy must verify
 * against the request target the client sent: a proxy that rewrites or normalises paths breaks the
 * signature (by design: the server then acts on what was signed, or on nothing).
 *
 * <h2>Acceptance</h2>
 * {@link RequestVerifier} accepts a request when the signature verifies with the client's current key (or
 * its previous key before that key's overlap ends), the timestamp is within the skew window of the
 * server's clock (default ±5 minutes, edges included), and the nonce was not used by the same client
 * within the window. See {@link Refusal} for the reasons a request is refused.
 */
public final class RequestFormat {

    /** The first line of the signed string: names the format, and keeps these signatures from meaning anything else. */
    public static final String VERSION_LINE = "patchbay-request-v1";

    /** The header with the client id. */
    public static final String CLIENT_HEADER = "Patchbay-Client";
    /** The header with the signing time in epoch seconds. */
    public static final String TIMESTAMP_HEADER = "Patchbay-Timestamp";
    /** The header with the per-request nonce. */
    public static final String NONCE_HEADER = "Patchbay-Nonce";
    /** The header with the signature. */
    public static final String SIGNATURE_HEADER = "Patchbay-Signature";

    /** The longest method accepted (longer ones are {@link Refusal#OVERSIZED}). */
    public static final int MAX_METHOD_CHARS = 16;
    /** The longest request target accepted, in characters. */
    public static final int MAX_PATH_CHARS = 8192;
    /** The longest client id, in characters. */
    public static final int MAX_CLIENT_ID_CHARS = 64;
    /** The longest timestamp, in decimal digits (enough until the year 33658). */
    public static final int MAX_TIMESTAMP_CHARS = 12;
    /** The fewest random bytes in a nonce (128 bits). */
    public static final int MIN_NONCE_BYTES = 16;
    /** The shortest nonce text: {@link #MIN_NONCE_BYTES} in unpadded base64url. */
    public static final int MIN_NONCE_CHARS = 22;
    /** The longest nonce text. */
    public static final int MAX_NONCE_CHARS = 64;
    /** The exact length of the signature header: 64 bytes in unpadded base64url. */
    public static final int SIGNATURE_CHARS = 86;

    private RequestFormat() {
    }

    /**
     * The exact bytes that are signed; see the class comment. The caller has checked every field: this method
     * only joins them, so a field with a line feed would make an ambiguous string.
     *
     * @param method       the request method
     * @param pathAndQuery the request target as sent
     * @param clientId     the Patchbay-Client value
     * @param timestamp    the Patchbay-Timestamp value, as sent (not re-formatted)
     * @param nonce        the Patchbay-Nonce value
     * @param bodySha256   the 32-byte SHA-256 of the body
     * @return the UTF-8 bytes of the seven-line signed string
     */
    public static byte[] signedBytes(String method, String pathAndQuery, String clientId, String timestamp,
            String nonce, byte[] bodySha256) {
        String text = VERSION_LINE + '\n' + method + '\n' + pathAndQuery + '\n' + clientId + '\n' + timestamp
                + '\n' + nonce + '\n' + hex(bodySha256);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The body digest that goes into the signed string.
     *
     * @param body the body bytes as sent (empty array if none)
     * @return the 32-byte SHA-256
     */
    public static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @return null if the method is well formed, else what is wrong with it */
    static String methodProblem(String method) {
        if (method.isEmpty()) {
            return "empty method";
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') {
                return "method must be upper-case letters";
            }
        }
        return null;
    }

    static String pathProblem(String path) {
        if (!path.startsWith("/")) {
            return "request target must start with '/'";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "request target holds a character outside printable ASCII at " + i;
            }
            if (c == '#') {
                return "request target holds a fragment";
            }
        }
        return null;
    }

    static String clientIdProblem(String clientId) {
        if (clientId.isEmpty()) {
            return "empty client id";
        }
        for (int i = 0; i < clientId.length(); i++) {
            char c = clientId.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "client id holds a character outside [A-Za-z0-9._-]";
            }
        }
        return null;
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        String digits = "0123456789abcdef";
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = digits.charAt((bytes[i] >> 4) & 0xf);
            out[2 * i + 1] = digits.charAt(bytes[i] & 0xf);
        }
        return new String(out);
    }
}
