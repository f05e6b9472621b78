package io.patchbay.sample.host.api;

import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.license.api.FingerprintSource;
import io.patchbay.license.api.LeaseTransport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How the host licenses its features: the license client it opens in {@code <data>/license}, the vendor keys it
 * trusts, how it reaches the license server, and how often it re-evaluates. The container then runs the license gate
 * bundle fed by this client's {@code Entitlements}, so gated bundles start and stop live.
 *
 * @param applicationId  names the application (the fingerprint's HMAC key derives from it)
 * @param vendorKeys     trusted vendor license keys by key id; at least one
 * @param transport      the license server (renewals, online activation); empty = offline
 * @param licenseKey     activated online at start when no license is installed yet
 * @param tokenFile      a license token (e.g. from offline activation) imported at start
 * @param fingerprint    the machine facts; empty = this machine's
 * @param clock          the license client's local time
 * @param scheduler      runs the periodic {@code tick()}; empty = a daemon thread of the host's own
 * @param tickInterval   how often the client ticks
 */
public record HostLicensing(String applicationId, Map<String, SigningPublicKey> vendorKeys,
                            Optional<LeaseTransport> transport, Optional<String> licenseKey, Optional<Path> tokenFile,
                            Optional<FingerprintSource> fingerprint, Clock clock,
                            Optional<ScheduledExecutorService> scheduler, Duration tickInterval) {

    /** Every minute is plenty: expiry and renewal take effect within one tick. */
    public static final Duration DEFAULT_TICK = Duration.ofMinutes(1);

    /**
     * Checks the record and copies the vendor keys.
     *
     * @param applicationId the application's name
     * @param vendorKeys    trusted vendor keys by key id (copied)
     * @param transport     the license server, or empty
     * @param licenseKey    a license key to activate, or empty
     * @param tokenFile     a token to import, or empty
     * @param fingerprint   the machine facts, or empty
     * @param clock         local time
     * @param scheduler     runs the ticks, or empty
     * @param tickInterval  how often the client ticks
     * @throws NullPointerException     when a component is null (use {@link Optional#empty()} for none)
     * @throws IllegalArgumentException when there is no vendor key or the tick interval is not positive
     */
    public HostLicensing {
        Objects.requireNonNull(applicationId, "applicationId");
        vendorKeys = Map.copyOf(vendorKeys);
        if (vendorKeys.isEmpty()) {
            throw new IllegalArgumentException("licensing needs at least one trusted vendor key");
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(licenseKey, "licenseKey");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        if (tickInterval == null || tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("the tick interval must be positive: " + tickInterval);
        }
    }

    /**
     * Offline licensing (tokens imported over {@code POST /license}), this machine, the system clock.
     *
     * @param applicationId the application's name
     * @param vendorKeys    trusted vendor keys by key id, at least one
     * @return the licensing settings
     * @throws IllegalArgumentException when there is no vendor key
     */
    public static HostLicensing offline(String applicationId, Map<String, SigningPublicKey> vendorKeys) {
        return new HostLicensing(applicationId, vendorKeys, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Clock.systemUTC(), Optional.empty(), DEFAULT_TICK);
    }

    /**
     * A copy that renews leases and activates online.
     *
     * @param server the license server
     * @return the copy
     */
    public HostLicensing withTransport(LeaseTransport server) {
        return new HostLicensing(applicationId, vendorKeys, Optional.of(server), licenseKey, tokenFile, fingerprint,
                clock, scheduler, tickInterval);
    }

    /**
     * A copy that activates online at start when no license is installed yet (needs a transport).
     *
     * @param key the license key the customer was given
     * @return the copy
     */
    public HostLicensing withLicenseKey(String key) {
        return new HostLicensing(applicationId, vendorKeys, transport, Optional.of(key), tokenFile, fingerprint,
                clock, scheduler, tickInterval);
    }

    /**
     * A copy that imports a license token at start.
     *
     * @param file the file holding the token
     * @return the copy
     */
    public HostLicensing withTokenFile(Path file) {
        return new HostLicensing(applicationId, vendorKeys, transport, licenseKey, Optional.of(file), fingerprint,
                clock, scheduler, tickInterval);
    }

    /**
     * A copy with other machine facts (tests simulate machines with it).
     *
     * @param machine the machine facts
     * @return the copy
     */
    public HostLicensing withFingerprint(FingerprintSource machine) {
        return new HostLicensing(applicationId, vendorKeys, transport, licenseKey, tokenFile, Optional.of(machine),
                clock, scheduler, tickInterval);
    }

    /**
     * A copy with another local time source.
     *
     * @param time the clock
     * @return the copy
     */
    public HostLicensing withClock(Clock time) {
        return new HostLicensing(applicationId, vendorKeys, transport, licenseKey, tokenFile, fingerprint, time,
                scheduler, tickInterval);
    }

    /**
     * A copy whose ticks run on the caller's scheduler (tests drive it by hand).
     *
     * @param ticks    runs the periodic {@code tick()}
     * @param interval how often, positive
     * @return the copy
     * @throws IllegalArgumentException when {@code interval} is not positive
     */
    public HostLicensing withScheduler(ScheduledExecutorService ticks, Duration interval) {
        return new HostLicensing(applicationId, vendorKeys, transport, licenseKey, tokenFile, fingerprint, clock,
                Optional.of(ticks), interval);
    }
}
