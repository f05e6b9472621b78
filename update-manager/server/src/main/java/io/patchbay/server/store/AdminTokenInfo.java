package io.patchbay.server.store;

import java.time.Instant;

/** What may be shown of an admin token: never its value or hash. {@code revokedAt} is null while it is valid. */
public record AdminTokenInfo(String id, AdminRole role, String label, Instant createdAt, Instant revokedAt) {
}
