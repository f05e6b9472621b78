package io.patchbay.license.api;

import io.patchbay.crypto.api.SigningPublicKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link LicenseClient} is built from; see {@link LicenseClient.Builder} for the defaults.
 *
 * @param dataDirectory  where the instance key, the license token, the last lease and the trusted-time mark live
 *                       (keep it on persistent storage that belongs to this instance)
 * @param applicationId  names the application; the fingerprint's HMAC key derives from it
 * @param vendorKeys     trusted vendor license keys by key id (several during a rotation)
 * @param clock          local time
 * @param random         for the instance key and nonces
 * @param fingerprint    the machine facts
 * @param transport      the license server, or null (offline: no renewal, no online activation)
 * @param callbacks      what the host shows its user
 * @param warningPeriod  how long before an expiry {@link LicenseCallbacks#expiringSoon} is called
 * @param clockTolerance how far behind trusted time the local clock may be before it counts as set back
 * @param tamperGrace    how long features run on after the clock was set back
 */
public record ClientSettings(Path dataDirectory, String applicationId, Map<String, SigningPublicKey> vendorKeys,
                             Clock clock, SecureRandom random, FingerprintSource fingerprint, LeaseTransport transport,
                             LicenseCallbacks callbacks, Duration warningPeriod, Duration clockTolerance,
                             Duration tamperGrace) {

    /**
     * Checks the settings, so a client is never opened half-configured.
     *
     * @param dataDirectory  where the client keeps its state
     * @param applicationId  names the application
     * @param vendorKeys     trusted vendor keys by key id (copied)
     * @param clock          local time
     * @param random         for the instance key and nonces
     * @param fingerprint    the machine facts
     * @param transport      the license server, or null for offline
     * @param callbacks      what the host shows its user
     * @param warningPeriod  how long before an expiry the host is warned
     * @param clockTolerance how far the clock may fall behind trusted time
     * @param tamperGrace    how long features run on after the clock was set back
     * @throws NullPointerException     when a component other than {@code transport} is null
     * @throws IllegalArgumentException when there is no vendor key (no license could ever verify), a key id is
     *                                  malformed, or a duration is not positive or longer than
     *                                  {@link Limits#MAX_DURATION}
     */
    public ClientSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(applicationId, "applicationId");
        vendorKeys = Map.copyOf(vendorKeys);
        if (vendorKeys.isEmpty()) {
            throw new IllegalArgumentException("no trusted vendor key: no license could ever be valid");
        }
        vendorKeys.keySet().forEach(k -> Limits.id(k, "vendor key id"));
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(callbacks, "callbacks");
        Limits.duration(warningPeriod, "warning period");
        Limits.duration(clockTolerance, "clock tolerance");
        Limits.duration(tamperGrace, "tamper grace");
    }
}
