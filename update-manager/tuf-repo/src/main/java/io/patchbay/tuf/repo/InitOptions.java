package io.patchbay.tuf.repo;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.model.TrustedLocation;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code init} needs beyond the keys: thresholds per top-level role (default 1), whether to use
 * consistent snapshots (default on), the trusted location written into root (optional) and lifetimes.
 */
public record InitOptions(Map<String, Integer> thresholds, boolean consistentSnapshot,
                          Optional<TrustedLocation> location, ExpiryPolicy expiry) {

    public InitOptions {
        thresholds = Map.copyOf(thresholds);
        thresholds.forEach((role, threshold) -> {
            if (threshold < 1) {
                throw new RepositoryException("threshold of " + role + " must be at least 1, got " + threshold);
            }
        });
    }

    public static InitOptions defaults() {
        return new InitOptions(Map.of(), true, Optional.empty(), ExpiryPolicy.defaults());
    }

    public int threshold(String role) {
        return thresholds.getOrDefault(role, 1);
    }

    public InitOptions withThreshold(String role, int threshold) {
        if (!TufRepository.TOP_LEVEL_ROLES.contains(role)) {
            throw new RepositoryException("'" + role + "' is not a top-level role (root, targets, snapshot, timestamp)");
        }
        Map<String, Integer> copy = new HashMap<>(thresholds);
        copy.put(role, threshold);
        return new InitOptions(copy, consistentSnapshot, location, expiry);
    }

    public InitOptions withConsistentSnapshot(boolean on) {
        return new InitOptions(thresholds, on, location, expiry);
    }

    public InitOptions withLocation(TrustedLocation newLocation) {
        return new InitOptions(thresholds, consistentSnapshot, Optional.of(newLocation), expiry);
    }

    public InitOptions withExpiry(ExpiryPolicy policy) {
        return new InitOptions(thresholds, consistentSnapshot, location, policy);
    }

    static final String[] ROLES = {Metadata.ROOT, Metadata.TARGETS, Metadata.SNAPSHOT, Metadata.TIMESTAMP};
}
