package io.patchbay.license.api;

import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a host implements to tell its user about the license (plain Java; every method has a do-nothing default).
 * Called on the thread that re-evaluated the license; return quickly.
 */
@ConsumerType
public interface LicenseCallbacks {

    /**
     * The feature will expire soon: the warning period before its expiry has begun.
     *
     * @param feature the feature name
     * @param at      when it expires
     */
    default void expiringSoon(String feature, Instant at) {
    }

    /**
     * The feature runs on grace (lease overdue, or the clock set back).
     *
     * @param feature the feature name
     * @param until   when the grace ends and the feature stops unless the cause is cleared
     */
    default void inGrace(String feature, Instant until) {
    }

    /**
     * As {@link #inGrace(String, Instant)}, with the reason ({@link LicenseCode#LEASE_OVERDUE} or
     * {@link LicenseCode#CLOCK_TAMPERED}); this is the one the client calls, and by default it calls the other.
     *
     * @param feature the feature name
     * @param reason  why it is on grace
     * @param until   when the grace ends
     */
    default void inGrace(String feature, LicenseCode reason, Instant until) {
        inGrace(feature, until);
    }

    /**
     * The feature was turned off.
     *
     * @param feature the feature name
     * @param code    why, as a code to act on
     * @param message why, for a user: names the feature and the reason
     */
    default void disabled(String feature, LicenseCode code, String message) {
    }

    /**
     * The feature was turned on (at start, or after activation or renewal).
     *
     * @param feature the feature name
     */
    default void enabled(String feature) {
    }
}
