package io.patchbay.license.api;

import io.patchbay.crypto.api.SigningPublicKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The client side of licensing for one instance: its identity, its license, its lease and its live
 * {@link Entitlements}. Opening it creates the instance key on first start, reads the stored license and checks it
 * (signature, binding, validity in trusted time, lease) and publishes the result. After that the host (or the
 * license gate) calls {@link #tick()} periodically (every minute is plenty): it observes the clock, renews the lease
 * when due and re-evaluates, so expiry, renewal, revocation and a clock set back take effect live. Thread-safe;
 * ticks, imports and activations are serialised.
 */
@ProviderType
public interface LicenseClient extends AutoCloseable {

    /**
     * What is licensed now, kept current by every evaluation.
     *
     * @return the live entitlements (the same object for the client's life)
     */
    Entitlements entitlements();

    /**
     * This instance's public key, which a license is bound to.
     *
     * @return the Ed25519 public key, unpadded base64url
     */
    String instanceKey();

    /**
     * This machine's fingerprint as sent at activation and renewal.
     *
     * @return component name to HMAC'd value (no raw machine fact); immutable
     */
    Map<String, String> fingerprint();

    /**
     * The installed license.
     *
     * @return its claims, if one verified and is bound to this instance; empty otherwise
     */
    Optional<LicenseClaims> license();

    /**
     * Verifies a license token (signature, vendor key, binding to this instance and machine) and, only if all hold,
     * installs it in place of the current one and re-evaluates. A refused token changes nothing.
     *
     * @param jws the license token, compact JWS
     * @throws LicenseException when the token is refused; its code says why
     */
    void importToken(String jws) throws LicenseException;

    /**
     * Online activation through the transport: sends a signed activation request, imports the token returned.
     *
     * @param licenseKey the license key the customer was given
     * @throws LicenseException when the returned token is refused (nothing is installed)
     * @throws IOException      when no transport is configured, or the server cannot be reached or refuses
     */
    void activate(String licenseKey) throws LicenseException, IOException;

    /**
     * A signed activation request for this instance, for an air-gapped host to carry to the vendor. Each call
     * makes a new nonce.
     *
     * @param licenseKey the license key the customer was given
     * @return the request, compact JWS
     * @throws IllegalArgumentException when the license key is malformed
     */
    String activationRequest(String licenseKey);

    /**
     * Writes {@link #activationRequest} to a file (atomically); the token the operator returns goes to
     * {@link #importToken}.
     *
     * @param licenseKey the license key the customer was given
     * @param file       where to write the request (replaced if present)
     * @throws IOException when the file cannot be written
     */
    void writeActivationRequest(String licenseKey, Path file) throws IOException;

    /**
     * Observes the clock, renews the lease if due, re-evaluates and notifies. A failed renewal is not thrown: it
     * counts as an outage and the offline grace covers it.
     */
    void tick();

    /** The shortest time between two renewals {@link #renewNow()} makes (on the client's clock). */
    Duration RENEW_NOW_SPACING = Duration.ofSeconds(10);

    /**
     * Renews the lease now, out of schedule, and re-evaluates: for a host told that the license server changed
     * something, e.g. the update agent's {@code HostCallbacks.checkRequested()} after the server pushed "check now"
     * because it revoked or suspended this license. So a revocation takes effect within seconds, not at the next
     * lease interval.
     *
     * <p>Bounded: one exchange through the transport, whose timeouts bound it. Coalesced: callers that ask while a
     * renewal runs are served by one renewal started after they asked ({@link RenewalOutcome#COALESCED}), and a
     * renewal made here is not repeated within {@link #RENEW_NOW_SPACING} ({@link RenewalOutcome#TOO_SOON}), so a
     * flood of requests is at most one renewal per spacing. The scheduled renewals of {@link #tick()} go on as
     * before.
     *
     * @return what became of the request: renewed, failed, coalesced into another renewal, too soon after the last
     *         one, or nothing to renew (no lease, or offline)
     * @since 1.1
     */
    RenewalOutcome renewNow();

    /** Releases the client; state is written as it changes, so nothing is lost. Scheduling ticks is the caller's. */
    @Override
    void close();

    /**
     * Starts building a client.
     *
     * @return a builder with the defaults given on its setters
     */
    static Builder builder() {
        return new Builder();
    }

    /** Collects {@link ClientSettings}; {@link #open()} creates the client through {@link LicenseFactory}. */
    final class Builder {
        private Path dataDirectory;
        private String applicationId;
        private Map<String, SigningPublicKey> vendorKeys = Map.of();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private FingerprintSource fingerprint;
        private LeaseTransport transport;
        private LicenseCallbacks callbacks = new LicenseCallbacks() { };
        private Duration warningPeriod = Duration.ofDays(14);
        private Duration clockTolerance = Duration.ofMinutes(10);
        private Duration tamperGrace = Duration.ofDays(1);

        Builder() {
        }

        /**
         * Required.
         *
         * @param dir where the instance key, the license, the last lease and the trusted-time mark live
         * @return this builder
         */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        /**
         * Required.
         *
         * @param id names the application; the fingerprint's HMAC key derives from it, so two applications on one
         *           machine get unrelated fingerprints
         * @return this builder
         */
        public Builder applicationId(String id) {
            this.applicationId = id;
            return this;
        }

        /**
         * Required, at least one.
         *
         * @param keys trusted vendor license keys by key id (several during a rotation)
         * @return this builder
         */
        public Builder vendorKeys(Map<String, SigningPublicKey> keys) {
            this.vendorKeys = keys;
            return this;
        }

        /**
         * Default: the system clock (UTC).
         *
         * @param c local time
         * @return this builder
         */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * Default: a new {@link SecureRandom}.
         *
         * @param r for the instance key and nonces
         * @return this builder
         */
        public Builder random(SecureRandom r) {
            this.random = r;
            return this;
        }

        /**
         * Default: {@link LicenseFactory#systemFingerprint()}.
         *
         * @param source the machine facts
         * @return this builder
         */
        public Builder fingerprint(FingerprintSource source) {
            this.fingerprint = source;
            return this;
        }

        /**
         * Default: none (offline: no renewal, no online activation).
         *
         * @param t the license server
         * @return this builder
         */
        public Builder transport(LeaseTransport t) {
            this.transport = t;
            return this;
        }

        /**
         * Default: callbacks that do nothing.
         *
         * @param c what the host shows its user
         * @return this builder
         */
        public Builder callbacks(LicenseCallbacks c) {
            this.callbacks = c;
            return this;
        }

        /**
         * Default: 14 days.
         *
         * @param d how long before an expiry {@link LicenseCallbacks#expiringSoon} is called
         * @return this builder
         */
        public Builder warningPeriod(Duration d) {
            this.warningPeriod = d;
            return this;
        }

        /**
         * Default: 10 minutes.
         *
         * @param d how far behind trusted time the local clock may be before it counts as set back
         * @return this builder
         */
        public Builder clockTolerance(Duration d) {
            this.clockTolerance = d;
            return this;
        }

        /**
         * Default: 1 day.
         *
         * @param d how long features run on after the clock was set back
         * @return this builder
         */
        public Builder tamperGrace(Duration d) {
            this.tamperGrace = d;
            return this;
        }

        /**
         * The settings collected so far, with defaults filled in; for a caller that opens the client itself.
         *
         * @return the settings
         * @throws NullPointerException     when a required setting is missing
         * @throws IllegalArgumentException when a setting is out of bounds (see {@link ClientSettings})
         */
        public ClientSettings settings() {
            return new ClientSettings(dataDirectory, applicationId, vendorKeys, clock,
                    random != null ? random : new SecureRandom(),
                    fingerprint != null ? fingerprint : LicenseFactory.get().systemFingerprint(), transport,
                    Objects.requireNonNull(callbacks, "callbacks"), warningPeriod, clockTolerance, tamperGrace);
        }

        /**
         * Opens the client through {@link LicenseFactory}.
         *
         * @return the client, with the stored license already evaluated
         * @throws IOException when the data directory or the instance key cannot be read or created
         */
        public LicenseClient open() throws IOException {
            return LicenseFactory.get().open(settings());
        }
    }
}
