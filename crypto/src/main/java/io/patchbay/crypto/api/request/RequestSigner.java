package io.patchbay.crypto.api.request;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.Base64Url;
import java.time.Clock;
import java.util.Objects;
import java.security.SecureRandom;

/**
 * Signs a device's requests to the server (client side of {@link RequestFormat}): a fresh 128-bit nonce and
 * the current time per request. Immutable and thread-safe; after a key rotation, make a new signer.
 */
public final class RequestSigner {

    private static final int NONCE_BYTES = 16;

    private final String clientId;
    private final SigningKeyPair key;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param clientId the id the server assigned at enrollment, {@code [A-Za-z0-9._-]{1,64}}
     * @param key      the client's current signing key
     * @param clock    the source of the timestamps; must be within the server's skew window
     * @param random   the source of the nonces
     * @throws IllegalArgumentException if the client id is not well formed
     * @throws NullPointerException     if an argument is null
     */
    public RequestSigner(String clientId, SigningKeyPair key, Clock clock, SecureRandom random) {
        String problem = RequestFormat.clientIdProblem(Objects.requireNonNull(clientId, "clientId"));
        if (problem != null || clientId.length() > RequestFormat.MAX_CLIENT_ID_CHARS) {
            throw new IllegalArgumentException("bad client id: " + (problem != null ? problem : "too long"));
        }
        this.clientId = clientId;
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @param method       the HTTP method exactly as it will be sent (upper case)
     * @param pathAndQuery the request target exactly as it will be sent (path, and "?" and query if any)
     * @param body         the body bytes exactly as they will be sent (empty array if none)
     * @return the four headers to add to the request
     * @throws IllegalArgumentException if the method or target is not in the form the server accepts
     */
    public SignedHeaders sign(String method, String pathAndQuery, byte[] body) {
        return signDigest(method, pathAndQuery, RequestFormat.sha256(Objects.requireNonNull(body, "body")));
    }

    /**
     * As {@link #sign}, for a body hashed while streaming it.
     *
     * @param method       the HTTP method exactly as it will be sent (upper case)
     * @param pathAndQuery the request target exactly as it will be sent
     * @param bodySha256   the SHA-256 of the body bytes, 32 bytes
     * @return the four headers to add to the request
     * @throws IllegalArgumentException if the method or target is not in the accepted form, or the digest is
     *                                  not 32 bytes
     */
    public SignedHeaders signDigest(String method, String pathAndQuery, byte[] bodySha256) {
        check(RequestFormat.methodProblem(method), method.length() > RequestFormat.MAX_METHOD_CHARS, "method");
        check(RequestFormat.pathProblem(pathAndQuery), pathAndQuery.length() > RequestFormat.MAX_PATH_CHARS,
                "request target");
        if (bodySha256.length != 32) {
            throw new IllegalArgumentException("body digest must be 32 bytes of SHA-256");
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] nonceBytes = new byte[NONCE_BYTES];
        random.nextBytes(nonceBytes);
        String nonce = Base64Url.encode(nonceBytes);
        byte[] signature = key.sign(RequestFormat.signedBytes(method, pathAndQuery, clientId, timestamp, nonce,
                bodySha256));
        return new SignedHeaders(clientId, timestamp, nonce, Base64Url.encode(signature));
    }

    private static void check(String problem, boolean tooLong, String what) {
        if (problem != null) {
            throw new IllegalArgumentException("cannot sign: " + problem);
        }
        if (tooLong) {
            throw new IllegalArgumentException("cannot sign: " + what + " too long");
        }
    }
}
