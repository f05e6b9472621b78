package io.patchbay.server.store;

import java.time.Instant;

/**
 * What may be shown of an admin token: never its value or hash.
 *
 * @param id        the token's id
 * @param role      what the token may do
 * @param label     the operator's label
 * @param createdAt when it was issued
 * @param revokedAt when it was revoked; null while it is valid
 */
public record AdminTokenInfo(String id, AdminRole role, String label, Instant createdAt, Instant revokedAt) {
}
