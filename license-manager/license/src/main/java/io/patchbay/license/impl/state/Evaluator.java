package io.patchbay.license.impl.state;

import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.impl.clock.TimeState;
import io.patchbay.license.impl.lease.LeaseView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a verified, bound license, the clock and the lease into a status per feature. Pure: the same inputs give
 * the same result, so every rule is tested without a clock or a server.
 *
 * <p>Order of the rules (the first that applies decides): the server's REVOKED / SUSPENDED (off, no grace);
 * NOT_YET_VALID and EXPIRED, judged in trusted time (so a clock set back never revives a license; no grace: a trial
 * ends on time); then the two conditions that run on grace: the clock set back (CLOCK_TAMPERED, grace counted in
 * forward local time) and the lease not renewed (LEASE_OVERDUE, grace after the lease's expiry); past either grace
 * the feature is off. Otherwise VALID, until the feature's or the license's expiry.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * @param claims      the license, verified and bound to this instance
     * @param time        the clock's state now
     * @param local       local time now (for the tamper grace, which runs in local time)
     * @param lease       the lease, or null when the license has no lease policy
     * @param tamperGrace how long features run on after the clock was set back
     */
    public static Evaluation evaluate(LicenseClaims claims, TimeState time, Instant local, LeaseView lease,
                                      Duration tamperGrace) {
        Map<String, FeatureStatus> features = new HashMap<>();
        Map<String, String> messages = new HashMap<>();
        for (FeatureGrant grant : claims.features()) {
            FeatureStatus status = feature(claims, grant, time, local, lease, tamperGrace);
            features.put(grant.name(), status);
            if (!status.enabled()) {
                messages.put(grant.name(), message(claims, grant, status, time.trustedNow()));
            }
        }
        return new Evaluation(features, LicenseCode.FEATURE_MISSING, messages);
    }

    private static FeatureStatus feature(LicenseClaims claims, FeatureGrant grant, TimeState time, Instant local,
                                         LeaseView lease, Duration tamperGrace) {
        String name = grant.name();
        Instant now = time.trustedNow();
        if (lease != null && lease.status() != LeaseStatus.ACTIVE) {
            return off(name, lease.status() == LeaseStatus.REVOKED ? LicenseCode.REVOKED : LicenseCode.SUSPENDED);
        }
        if (now.isBefore(claims.notBefore())) {
            return off(name, LicenseCode.NOT_YET_VALID);
        }
        Instant expiry = earlier(claims.expiresAt(), grant.expiresAt());
        if (expiry != null && !now.isBefore(expiry)) {
            return off(name, LicenseCode.EXPIRED);
        }
        Instant tamperEnd = null;
        if (time.tampered()) {
            Duration left = tamperGrace.minus(time.tamperElapsed());
            if (left.isNegative() || left.isZero()) {
                return off(name, LicenseCode.CLOCK_TAMPERED);
            }
            tamperEnd = local.plus(left);
        }
        if (lease != null && !now.isBefore(lease.expiresAt())) {
            Instant graceEnd = lease.expiresAt().plus(claims.lease().offlineGrace());
            if (!now.isBefore(graceEnd)) {
                return off(name, LicenseCode.LEASE_OVERDUE);
            }
            return new FeatureStatus(name, LicenseCode.LEASE_OVERDUE, earlier(graceEnd, tamperEnd), true);
        }
        if (tamperEnd != null) {
            return new FeatureStatus(name, LicenseCode.CLOCK_TAMPERED, tamperEnd, true);
        }
        return new FeatureStatus(name, LicenseCode.VALID, expiry, false);
    }

    private static FeatureStatus off(String name, LicenseCode code) {
        return new FeatureStatus(name, code, null, false);
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** The sentence a user sees: the feature, the license and the reason, with what to do where there is something. */
    static String message(LicenseClaims claims, FeatureGrant grant, FeatureStatus status, Instant now) {
        String subject = "Feature '" + grant.name() + "' (license " + claims.licenseId() + ") is disabled: ";
        return subject + switch (status.code()) {
            case REVOKED -> "the license was revoked.";
            case SUSPENDED -> "the license is suspended; contact the vendor to lift the suspension.";
            case NOT_YET_VALID -> "the license is valid from " + claims.notBefore() + ".";
            case EXPIRED -> "it expired at " + earlier(claims.expiresAt(), grant.expiresAt()) + ".";
            case CLOCK_TAMPERED -> "the system clock was set back (trusted time is " + now
                    + "); correct the clock or connect to the license server.";
            case LEASE_OVERDUE -> "the license server could not be reached within the offline grace period; "
                    + "connect to it to renew the lease.";
            default -> status.code() + ".";
        };
    }

    /** The sentence for a license that is not usable at all. */
    public static String message(String feature, LicenseCode code, String detail) {
        return "Feature '" + feature + "' is disabled: " + switch (code) {
            case FEATURE_MISSING -> "no license names it.";
            case FINGERPRINT_MISMATCH -> "the license belongs to another machine or instance (" + detail + ").";
            case BAD_SIGNATURE, UNKNOWN_KEY -> "the license is not valid (" + detail + ").";
            default -> code + " (" + detail + ").";
        };
    }
}
