package io.patchbay.license.api;

import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a host implements to tell its user about the license (plain Java; every method has a do-nothing default).
 * Called on the thread that re-evaluated the license; return quickly.
 */
@ConsumerType
public interface LicenseCallbacks {

    /** The feature will expire at {@code at} (the warning period before expiry has begun). */
    default void expiringSoon(String feature, Instant at) {
    }

    /** The feature runs on grace (lease overdue, or the clock set back) until {@code until}. */
    default void inGrace(String feature, Instant until) {
    }

    /**
     * As {@link #inGrace(String, Instant)}, with the reason ({@link LicenseCode#LEASE_OVERDUE} or
     * {@link LicenseCode#CLOCK_TAMPERED}); this is the one the client calls, and by default it calls the other.
     */
    default void inGrace(String feature, LicenseCode reason, Instant until) {
        inGrace(feature, until);
    }

    /** The feature was turned off; {@code message} says why, naming the feature and the reason for a user. */
    default void disabled(String feature, LicenseCode code, String message) {
    }

    /** The feature was turned on (at start, or after activation or renewal). */
    default void enabled(String feature) {
    }
}
