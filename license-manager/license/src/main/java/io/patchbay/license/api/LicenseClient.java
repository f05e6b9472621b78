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

    Entitlements entitlements();

    /** This instance's public key, unpadded base64url. */
    String instanceKey();

    /** This machine's fingerprint (HMAC'd components) as sent at activation and renewal. */
    Map<String, String> fingerprint();

    /** The installed license, if one verified and is bound to this instance. */
    Optional<LicenseClaims> license();

    /**
     * Verifies a license token (signature, vendor key, binding to this instance and machine) and, only if all hold,
     * installs it in place of the current one and re-evaluates. A refused token changes nothing.
     */
    void importToken(String jws) throws LicenseException;

    /** Online activation through the transport: sends a signed activation request, imports the token returned. */
    void activate(String licenseKey) throws LicenseException, IOException;

    /** A signed activation request for this instance (compact JWS), for an air-gapped host to carry to the vendor. */
    String activationRequest(String licenseKey);

    /** Writes {@link #activationRequest} to a file (atomically); the token the operator returns goes to {@link #importToken}. */
    void writeActivationRequest(String licenseKey, Path file) throws IOException;

    /** Observes the clock, renews the lease if due, re-evaluates and notifies. */
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
     * @since 1.1
     */
    RenewalOutcome renewNow();

    @Override
    void close();

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

        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        public Builder applicationId(String id) {
            this.applicationId = id;
            return this;
        }

        public Builder vendorKeys(Map<String, SigningPublicKey> keys) {
            this.vendorKeys = keys;
            return this;
        }

        /** Default: the system clock (UTC). */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** Default: a new {@link SecureRandom}. */
        public Builder random(SecureRandom r) {
            this.random = r;
            return this;
        }

        /** Default: {@link LicenseFactory#systemFingerprint()}. */
        public Builder fingerprint(FingerprintSource source) {
            this.fingerprint = source;
            return this;
        }

        /** Default: none (offline). */
        public Builder transport(LeaseTransport t) {
            this.transport = t;
            return this;
        }

        public Builder callbacks(LicenseCallbacks c) {
            this.callbacks = c;
            return this;
        }

        /** Default: 14 days. */
        public Builder warningPeriod(Duration d) {
            this.warningPeriod = d;
            return this;
        }

        /** Default: 10 minutes. */
        public Builder clockTolerance(Duration d) {
            this.clockTolerance = d;
            return this;
        }

        /** Default: 1 day. */
        public Builder tamperGrace(Duration d) {
            this.tamperGrace = d;
            return this;
        }

        public ClientSettings settings() {
            return new ClientSettings(dataDirectory, applicationId, vendorKeys, clock,
                    random != null ? random : new SecureRandom(),
                    fingerprint != null ? fingerprint : LicenseFactory.get().systemFingerprint(), transport,
                    Objects.requireNonNull(callbacks, "callbacks"), warningPeriod, clockTolerance, tamperGrace);
        }

        /** @throws IOException when the data directory or the instance key cannot be read or created */
        public LicenseClient open() throws IOException {
            return LicenseFactory.get().open(settings());
        }
    }
}
