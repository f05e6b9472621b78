package io.patchbay.license.server.impl.http;

import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LeasePolicy;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.server.impl.service.Issuer;
import io.patchbay.license.server.impl.store.LicenseRow;
import io.patchbay.server.spi.ExtensionRefusal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /admin/v1/licenses}, checked in full before anything is stored: the claims a token will
 * carry are built once here with the license core's own bounds, so a license that is stored can always be issued.
 */
record IssueInput(String customer, List<Feature> features, String notBefore, String expiresAt, Integer maxMachines,
                  Integer maxSeats, Long seatTimeoutSeconds, Long checkInSeconds, Long offlineGraceSeconds,
                  Integer maxTransfers, Integer maxActivationsPerDay, String misuseAction) {

    record Feature(String name, String expiresAt, Map<String, Long> limits) {
    }

    static final long DEFAULT_SEAT_TIMEOUT = 900;
    static final int DEFAULT_CHURN = 20;
    static final int MAX_MACHINES = 10_000;

    LicenseRow toRow(String id, Instant now, String anyInstanceKey) {
        List<FeatureGrant> grants = new ArrayList<>();
        if (features == null || features.isEmpty()) {
            throw invalid("features: at least one {name, expiresAt?, limits?}");
        }
        // Tokens carry whole seconds: a license starts at the second it was issued in.
        Instant start = notBefore == null ? now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : instant(notBefore, "notBefore");
        Instant end = expiresAt == null ? null : instant(expiresAt, "expiresAt");
        Integer seats = maxSeats == null ? null : bounded(maxSeats, 1, 1, 100_000, "maxSeats");
        // Node-locked by default (one machine); a floating license is limited by its seats, not its machines.
        int machines = bounded(maxMachines, seats == null ? 1 : MAX_MACHINES, 1, MAX_MACHINES, "maxMachines");
        long seatTimeout = bounded(seatTimeoutSeconds, DEFAULT_SEAT_TIMEOUT, 60, 7 * 86_400, "seatTimeoutSeconds");
        Long checkIn = checkInSeconds;
        Long grace = offlineGraceSeconds;
        if (seats != null && checkIn == null) {
            checkIn = Math.max(1, seatTimeout / 3);
        }
        if (checkIn != null) {
            checkIn = bounded(checkIn, 0L, 1, 3_650L * 86_400, "checkInSeconds");
            grace = bounded(grace, seats != null ? seatTimeout : 7 * 86_400L, 1, 3_650L * 86_400, "offlineGraceSeconds");
            if (seats != null && checkIn >= seatTimeout) {
                throw invalid("checkInSeconds must be below seatTimeoutSeconds, or seats die between heartbeats");
            }
        } else if (grace != null) {
            throw invalid("offlineGraceSeconds needs checkInSeconds (a lease)");
        }
        String action = misuseAction == null ? "FLAG" : misuseAction;
        if (!action.equals("FLAG") && !action.equals("SUSPEND")) {
            throw invalid("misuseAction: FLAG (record only) or SUSPEND");
        }
        try {
            for (Feature f : features) {
                if (f == null) {
                    throw invalid("features: a null entry");
                }
                grants.add(new FeatureGrant(f.name(), f.expiresAt() == null ? null : instant(f.expiresAt(),
                        "expiresAt of " + f.name()), f.limits() == null ? Map.of() : f.limits()));
            }
            LeasePolicy lease = checkIn == null ? null : new LeasePolicy(Duration.ofSeconds(checkIn), Duration.ofSeconds(grace));
            new LicenseClaims(id, customer, anyInstanceKey, Map.of(), grants, start, end, lease, null);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return new LicenseRow(id, customer, Issuer.featuresJson(grants), start, end, machines, seats,
                Duration.ofSeconds(seatTimeout), checkIn == null ? null : Duration.ofSeconds(checkIn),
                grace == null ? null : Duration.ofSeconds(grace), bounded(maxTransfers, 0, 0, 1000, "maxTransfers"), 0,
                bounded(maxActivationsPerDay, seats == null ? DEFAULT_CHURN : Math.min(10_000, Math.max(DEFAULT_CHURN, 4 * seats)),
                        1, 10_000, "maxActivationsPerDay"), action,
                LicenseRow.ACTIVE, null, null, now);
    }

    private static Instant instant(String text, String what) {
        try {
            Instant value = Instant.parse(text);
            if (value.getNano() != 0) {
                throw invalid(what + ": whole seconds, e.g. 2031-01-01T00:00:00Z");
            }
            return value;
        } catch (DateTimeParseException e) {
            throw invalid(what + ": an ISO-8601 instant, e.g. 2031-01-01T00:00:00Z");
        }
    }

    private static int bounded(Integer value, int fallback, int min, int max, String what) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw invalid(what + " must be " + min + ".." + max);
        }
        return v;
    }

    private static long bounded(Long value, long fallback, long min, long max, String what) {
        long v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw invalid(what + " must be " + min + ".." + max);
        }
        return v;
    }

    static ExtensionRefusal invalid(String message) {
        return new ExtensionRefusal(400, "invalid_input", message);
    }
}
