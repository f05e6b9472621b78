package io.patchbay.server.store;

import java.time.Instant;

/** The holder of a verified admin token. */
public record AdminPrincipal(String tokenId, AdminRole role, String label, Instant createdAt) {
}
