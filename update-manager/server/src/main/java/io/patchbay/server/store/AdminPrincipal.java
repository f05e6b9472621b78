package io.patchbay.server.store;

import java.time.Instant;

/**
 * The holder of a verified admin token.
 *
 * @param tokenId   the token's id (never its value), for audit records
 * @param role      what the token may do
 * @param label     the operator's label for the token
 * @param createdAt when the token was issued
 */
public record AdminPrincipal(String tokenId, AdminRole role, String label, Instant createdAt) {
}
