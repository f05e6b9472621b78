package io.patchbay.crypto.api.request;

import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.Base64Url;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Verifies signed device requests (server side of {@link RequestFormat}) and says who sent them, or
 * refuses with a {@link Refusal} reason. The checks run cheapest first, and nothing an unauthenticated
 * sender controls reaches storage before the signature verifies:
 * <ol>
 *   <li>the four headers present, once each ({@code MISSING_HEADER}, {@code MALFORMED});</li>
 *   <li>every value, the method and the request target within their bounds, before any parsing ({@code OVERSIZED});</li>
 *   <li>every value in its one accepted form ({@code MALFORMED});</li>
 *   <li>the timestamp inside the skew window, edges included ({@code STALE}): no lookup for old captures;</li>
 *   <li>the client's keys looked up ({@code UNKNOWN_CLIENT}, {@code REVOKED});</li>
 *   <li>the signature, with the current key, then with the previous key while its overlap lasts ({@code BAD_SIGNATURE});</li>
 *   <li>only then the nonce recorded ({@code REPLAYED}, or {@code OVERLOADED} if the store is full): a
 *       forger cannot burn a client's nonces or fill the store.</li>
 * </ol>
 * Thread-safe if its directory and nonce store are.
 */
public final class RequestVerifier {

    /** How far a timestamp may be from the server's clock, either way, unless configured otherwise. */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    private final ClientKeyDirectory keys;
    private final NonceStore nonces;
    private final Clock clock;
    private final long skewSeconds;

    /**
     * A verifier with the {@link #DEFAULT_SKEW}.
     *
     * @param keys   where the clients' keys are looked up
     * @param nonces the replay cache, shared by every server node that accepts the same clients
     * @param clock  the server's clock, for the skew window and the rotation overlap
     */
    public RequestVerifier(ClientKeyDirectory keys, NonceStore nonces, Clock clock) {
        this(keys, nonces, clock, DEFAULT_SKEW);
    }

    /**
     * @param keys   where the clients' keys are looked up
     * @param nonces the replay cache, shared by every server node that accepts the same clients
     * @param clock  the server's clock, for the skew window and the rotation overlap
     * @param skew how far a timestamp may be from the server's clock, either way (whole seconds, 1 s to 1 h)
     * @throws IllegalArgumentException if the skew is out of bounds or not whole seconds
     * @throws NullPointerException     if an argument is null
     */
    public RequestVerifier(ClientKeyDirectory keys, NonceStore nonces, Clock clock, Duration skew) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (skew.compareTo(Duration.ofSeconds(1)) < 0 || skew.compareTo(Duration.ofHours(1)) > 0 || skew.getNano() != 0) {
            throw new IllegalArgumentException("skew must be whole seconds between 1 s and 1 h, got " + skew);
        }
        this.skewSeconds = skew.getSeconds();
    }

    /**
     * @param method       the request method as received
     * @param pathAndQuery the request target as received (raw path, and "?" and raw query if any)
     * @param headers      the request's headers
     * @param body         the body bytes as received (empty if none); hashed only after the cheap checks pass
     * @return who sent the request
     * @throws RequestRefusedException with the reason of the first check that failed; only a request whose
     *                                 signature verified has its nonce recorded
     */
    public VerifiedRequest verify(String method, String pathAndQuery, HeaderSource headers, byte[] body)
            throws RequestRefusedException {
        Objects.requireNonNull(body, "body");
        // Hashed only once the cheap checks passed: an unauthenticated body costs no work before that.
        return check(method, pathAndQuery, headers, () -> RequestFormat.sha256(body));
    }

    /**
     * As {@link #verify}, for a body the caller hashed while reading it.
     *
     * @param method       the request method as received
     * @param pathAndQuery the request target as received
     * @param headers      the request's headers
     * @param bodySha256   the SHA-256 of the body bytes as received, 32 bytes
     * @return who sent the request
     * @throws RequestRefusedException  with the reason of the first check that failed
     * @throws IllegalArgumentException if the digest is not 32 bytes (a caller's bug, not the client's)
     */
    public VerifiedRequest verifyDigest(String method, String pathAndQuery, HeaderSource headers, byte[] bodySha256)
            throws RequestRefusedException {
        if (bodySha256.length != 32) {
            throw new IllegalArgumentException("body digest must be 32 bytes of SHA-256");
        }
        return check(method, pathAndQuery, headers, bodySha256::clone);
    }

    private VerifiedRequest check(String method, String pathAndQuery, HeaderSource headers,
            Supplier<byte[]> bodySha256) throws RequestRefusedException {
        String clientId = single(headers, RequestFormat.CLIENT_HEADER);
        String timestamp = single(headers, RequestFormat.TIMESTAMP_HEADER);
        String nonce = single(headers, RequestFormat.NONCE_HEADER);
        String signature = single(headers, RequestFormat.SIGNATURE_HEADER);

        bound(method, RequestFormat.MAX_METHOD_CHARS, "method");
        bound(pathAndQuery, RequestFormat.MAX_PATH_CHARS, "request target");
        bound(clientId, RequestFormat.MAX_CLIENT_ID_CHARS, RequestFormat.CLIENT_HEADER);
        bound(timestamp, RequestFormat.MAX_TIMESTAMP_CHARS, RequestFormat.TIMESTAMP_HEADER);
        bound(nonce, RequestFormat.MAX_NONCE_CHARS, RequestFormat.NONCE_HEADER);
        bound(signature, RequestFormat.SIGNATURE_CHARS, RequestFormat.SIGNATURE_HEADER);

        malformedIf(RequestFormat.methodProblem(method));
        malformedIf(RequestFormat.pathProblem(pathAndQuery));
        malformedIf(RequestFormat.clientIdProblem(clientId));
        long seconds = parseTimestamp(timestamp);
        checkNonce(nonce);
        byte[] signatureBytes = decode(signature, RequestFormat.SIGNATURE_HEADER);
        if (signatureBytes.length != SigningPublicKey.SIGNATURE_BYTES) {
            throw refused(Refusal.MALFORMED, RequestFormat.SIGNATURE_HEADER + " must hold 64 bytes, got "
                    + signatureBytes.length);
        }

        Instant now = clock.instant();
        long nowSeconds = now.getEpochSecond();
        if (seconds < nowSeconds - skewSeconds) {
            throw refused(Refusal.STALE, "timestamp " + seconds + " is " + (nowSeconds - seconds)
                    + " s old; the server accepts " + skewSeconds + " s either way of its clock (" + now + ")");
        }
        if (seconds > nowSeconds + skewSeconds) {
            throw refused(Refusal.STALE, "timestamp " + seconds + " is " + (seconds - nowSeconds)
                    + " s in the future; the server accepts " + skewSeconds + " s either way of its clock (" + now + ")");
        }

        Optional<ClientKeys> found = keys.find(clientId);
        if (found.isEmpty()) {
            throw refused(Refusal.UNKNOWN_CLIENT, "no client '" + clientId + "' is enrolled");
        }
        ClientKeys clientKeys = found.get();
        if (clientKeys.revoked()) {
            throw refused(Refusal.REVOKED, "the keys of client '" + clientId + "' were revoked; enroll again");
        }

        byte[] signed = RequestFormat.signedBytes(method, pathAndQuery, clientId, timestamp, nonce, bodySha256.get());
        boolean previous = false;
        if (!clientKeys.current().verify(signed, signatureBytes)) {
            SigningPublicKey previousKey = clientKeys.previous();
            if (previousKey == null || !previousKey.verify(signed, signatureBytes)) {
                throw refused(Refusal.BAD_SIGNATURE, "the signature does not verify with the key of client '"
                        + clientId + "' (over method, target, client, timestamp, nonce and body)");
            }
            if (!now.isBefore(clientKeys.previousValidUntil())) {
                throw refused(Refusal.BAD_SIGNATURE, "signed with the previous key of client '" + clientId
                        + "', which stopped counting at " + clientKeys.previousValidUntil() + "; sign with the new key");
            }
            previous = true;
        }

        // First instant at which the timestamp is outside the window: the nonce must be kept until then.
        Instant expiresAt = Instant.ofEpochSecond(seconds + skewSeconds + 1);
        boolean first;
        try {
            first = nonces.firstUse(clientId, nonce, expiresAt);
        } catch (NonceStoreFullException e) {
            throw refused(Refusal.OVERLOADED, "the server cannot check for replays right now; retry later");
        }
        if (!first) {
            throw refused(Refusal.REPLAYED, "nonce already used by client '" + clientId + "'");
        }
        return new VerifiedRequest(clientId, Instant.ofEpochSecond(seconds), previous);
    }

    private static String single(HeaderSource headers, String name) throws RequestRefusedException {
        List<String> values = headers.values(name);
        if (values == null || values.isEmpty() || values.size() == 1 && (values.get(0) == null || values.get(0).isEmpty())) {
            throw refused(Refusal.MISSING_HEADER, "header " + name + " is missing; see the signed-request format");
        }
        if (values.size() > 1) {
            throw refused(Refusal.MALFORMED, "header " + name + " appears " + values.size() + " times");
        }
        return values.get(0);
    }

    private static void bound(String value, int max, String what) throws RequestRefusedException {
        if (value.length() > max) {
            throw refused(Refusal.OVERSIZED, what + " is longer than " + max + " characters");
        }
    }

    private static void malformedIf(String problem) throws RequestRefusedException {
        if (problem != null) {
            throw refused(Refusal.MALFORMED, problem);
        }
    }

    private static long parseTimestamp(String text) throws RequestRefusedException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw refused(Refusal.MALFORMED, RequestFormat.TIMESTAMP_HEADER + " must be decimal epoch seconds");
            }
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            throw refused(Refusal.MALFORMED, RequestFormat.TIMESTAMP_HEADER + " must not have leading zeros");
        }
        return Long.parseLong(text); // at most 12 digits: fits
    }

    private static void checkNonce(String nonce) throws RequestRefusedException {
        if (nonce.length() < RequestFormat.MIN_NONCE_CHARS) {
            throw refused(Refusal.MALFORMED, RequestFormat.NONCE_HEADER + " must hold at least "
                    + RequestFormat.MIN_NONCE_BYTES + " random bytes");
        }
        decode(nonce, RequestFormat.NONCE_HEADER);
    }

    private static byte[] decode(String text, String header) throws RequestRefusedException {
        try {
            return Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            throw refused(Refusal.MALFORMED, header + " is " + e.getMessage());
        }
    }

    private static RequestRefusedException refused(Refusal reason, String message) {
        return new RequestRefusedException(reason, message);
    }
}
