package io.patchbay.license.api;

/** What {@link LicenseClient#renewNow()} came to. */
public enum RenewalOutcome {
    /** The server answered with a grant (ACTIVE, SUSPENDED or REVOKED); entitlements are re-evaluated. */
    RENEWED,
    /** A renewal was tried but got no usable answer; the lease runs on (and its grace), retried on schedule. */
    FAILED,
    /** Another caller's renewal, started after this call, served it: one renewal for a burst of requests. */
    COALESCED,
    /** The last {@code renewNow} renewal was less than {@link LicenseClient#RENEW_NOW_SPACING} ago: not repeated. */
    TOO_SOON,
    /** Nothing to renew: no license installed, or one without a lease (offline, perpetual). */
    NOT_LEASED,
    /** No license server configured (no transport). */
    OFFLINE
}
