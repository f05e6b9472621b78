package io.patchbay.license.server.impl.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LeasePolicy;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.server.impl.keys.VendorKeys;
import io.patchbay.license.server.impl.store.ActivationRow;
import io.patchbay.license.server.impl.store.LicenseRow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Signs what the server hands out with the active vendor key: node-locked license tokens and lease grants. */
public final class Issuer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A feature grant as stored in {@code features_json}. */
    public record StoredFeature(String name, String expiresAt, Map<String, Long> limits) {
    }

    private final VendorKeys keys;

    public Issuer(VendorKeys keys) {
        this.keys = keys;
    }

    public VendorKeys keys() {
        return keys;
    }

    public String token(LicenseRow license, ActivationRow activation) {
        LeasePolicy lease = license.checkIn() == null ? null : new LeasePolicy(license.checkIn(), license.offlineGrace());
        LicenseClaims claims = new LicenseClaims(license.id(), license.customer(), activation.instanceKey(),
                activation.fingerprint(), features(license.featuresJson()), seconds(license.notBefore()),
                seconds(license.expiresAt()), lease, null);
        return LicenseTokens.issue(claims, keys.active(), keys.activeId());
    }

    /**
     * A signed lease: server time, the license's status, until when it holds (the check-in interval, or the seat
     * timeout for a floating license without one, never past the license's expiry) and the next freshness value.
     */
    public String lease(LicenseRow license, String instanceKey, String requestNonce, LeaseStatus status,
            Instant now, String freshness) {
        Instant serverTime = now.truncatedTo(ChronoUnit.SECONDS);
        Duration hold = license.checkIn() != null ? license.checkIn() : license.seatTimeout();
        Instant until = serverTime.plus(hold);
        if (license.expiresAt() != null && license.expiresAt().isBefore(until)) {
            until = seconds(license.expiresAt()).isAfter(serverTime) ? seconds(license.expiresAt()) : serverTime.plusSeconds(1);
        }
        LeaseGrant grant = new LeaseGrant(license.id(), instanceKey, requestNonce, status, serverTime, until, freshness,
                null, null);
        return LicenseTokens.issueLease(grant, keys.active(), keys.activeId());
    }

    public static List<FeatureGrant> features(String json) {
        try {
            List<StoredFeature> stored = JSON.readValue(json, new TypeReference<List<StoredFeature>>() {
            });
            List<FeatureGrant> grants = new ArrayList<>();
            for (StoredFeature f : stored) {
                grants.add(new FeatureGrant(f.name(), f.expiresAt() == null ? null : Instant.parse(f.expiresAt()),
                        f.limits() == null ? Map.of() : f.limits()));
            }
            return grants;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored features are not JSON", e);
        }
    }

    public static String featuresJson(List<FeatureGrant> grants) {
        List<StoredFeature> stored = grants.stream().map(g -> new StoredFeature(g.name(),
                g.expiresAt() == null ? null : g.expiresAt().toString(), g.limits())).toList();
        try {
            return JSON.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
