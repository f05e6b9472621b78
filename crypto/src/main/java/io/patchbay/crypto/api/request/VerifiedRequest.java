package io.patchbay.crypto.api.request;

import java.time.Instant;

/**
 * A request whose signature, time and nonce passed: it comes from this client.
 *
 * @param clientId          the enrolled client that signed it
 * @param timestamp         its signing time
 * @param signedWithPrevious signed with the client's previous key, in its rotation overlap; a server may
 *                          remind the client to finish the rotation
 */
public record VerifiedRequest(String clientId, Instant timestamp, boolean signedWithPrevious) {
}
