package io.patchbay.license.impl.state;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.license.api.ActivationRequest;
import io.patchbay.license.api.ClientSettings;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.api.RenewalOutcome;
import io.patchbay.license.impl.StateFiles;
import io.patchbay.license.impl.clock.TimeState;
import io.patchbay.license.impl.clock.TrustedClock;
import io.patchbay.license.impl.identity.Fingerprints;
import io.patchbay.license.impl.identity.InstanceIdentity;
import io.patchbay.license.impl.identity.InstanceKeys;
import io.patchbay.license.impl.lease.LeaseClient;
import io.patchbay.license.impl.lease.LeaseView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client: wires identity, token, trusted clock and lease into evaluations, publishes them to the live
 * entitlements and tells the host. State-changing calls are synchronised; reads of entitlements never lock.
 */
public final class DefaultLicenseClient implements LicenseClient {

    public static final String TOKEN_FILE = "license.jws";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultLicenseClient.class);

    private final ClientSettings settings;
    private final Path tokenFile;
    private final InstanceIdentity identity;
    private final TrustedClock clock;
    private final LeaseClient lease;
    private final LiveEntitlements entitlements = new LiveEntitlements();
    private final CallbackNotifier notifier;
    /** Set by every {@link #renewNow()} caller; the one that clears it, under the lock, renews for all of them. */
    private final AtomicBoolean renewWanted = new AtomicBoolean();
    /** When {@link #renewNow()} last renewed (guarded by this). */
    private Instant lastRenewNow;

    /** The installed license (verified, bound), or null. */
    private volatile LicenseClaims claims;
    /** Why the stored license is not usable (when {@link #claims} is null): code and detail. */
    private LicenseCode problem = LicenseCode.FEATURE_MISSING;
    private String problemDetail = "no license installed";
    /** The features of a stored license that verified but is bound elsewhere (reported as mismatched). */
    private LicenseClaims mismatched;

    private DefaultLicenseClient(ClientSettings settings, InstanceIdentity identity, TrustedClock clock) {
        this.settings = settings;
        this.tokenFile = settings.dataDirectory().resolve(TOKEN_FILE);
        this.identity = identity;
        this.clock = clock;
        this.lease = new LeaseClient(settings.dataDirectory(), settings.vendorKeys(), settings.transport(),
                settings.random());
        this.notifier = new CallbackNotifier(settings.callbacks(), settings.warningPeriod());
    }

    public static DefaultLicenseClient open(ClientSettings settings) throws IOException {
        Path dir = settings.dataDirectory();
        InstanceIdentity identity = new InstanceIdentity(InstanceKeys.loadOrCreate(dir, settings.random()),
                new Fingerprints(settings.applicationId()).of(settings.fingerprint()));
        TrustedClock clock = TrustedClock.load(dir, identity.key(), settings.clockTolerance());
        DefaultLicenseClient client = new DefaultLicenseClient(settings, identity, clock);
        synchronized (client) {
            client.loadStoredToken();
            client.evaluate(settings.clock().instant());
        }
        return client;
    }

    private void loadStoredToken() throws IOException {
        Optional<String> stored = StateFiles.read(tokenFile);
        if (stored.isEmpty()) {
            return;
        }
        try {
            install(check(stored.get()));
        } catch (LicenseException e) {
            LOG.warn("The stored license is not usable: {}", e.getMessage());
            problem = e.code();
            problemDetail = e.getMessage();
        }
    }

    /** Signature, vendor key and binding; a token bound elsewhere is remembered to report its features. */
    private LicenseClaims check(String jws) throws LicenseException {
        LicenseClaims verified = LicenseTokens.verify(jws, settings.vendorKeys());
        try {
            identity.checkBinding(verified);
        } catch (LicenseException e) {
            mismatched = verified;
            throw e;
        }
        return verified;
    }

    private void install(LicenseClaims verified) throws IOException {
        claims = verified;
        mismatched = null;
        problem = null;
        problemDetail = null;
        if (verified.lease() != null) {
            lease.load(verified);
            LeaseGrant last = lease.lastGrant();
            if (last != null) {
                clock.raiseTo(last.serverTime());
            }
        }
    }

    @Override
    public Entitlements entitlements() {
        return entitlements;
    }

    @Override
    public String instanceKey() {
        return identity.publicKey();
    }

    @Override
    public Map<String, String> fingerprint() {
        return identity.fingerprint();
    }

    @Override
    public Optional<LicenseClaims> license() {
        return Optional.ofNullable(claims);
    }

    @Override
    public synchronized void importToken(String jws) throws LicenseException {
        LicenseClaims previousMismatch = mismatched;
        LicenseClaims verified;
        try {
            verified = check(jws);
        } catch (LicenseException e) {
            mismatched = previousMismatch;
            throw e;
        }
        try {
            StateFiles.write(tokenFile, jws);
            install(verified);
        } catch (IOException e) {
            throw new IllegalStateException("could not store the license in " + tokenFile + ": " + e.getMessage(), e);
        }
        LOG.info("License {} for {} installed", verified.licenseId(), verified.customer());
        evaluate(settings.clock().instant());
    }

    @Override
    public void activate(String licenseKey) throws LicenseException, IOException {
        if (settings.transport() == null) {
            throw new IOException("no license server configured; use an offline activation request");
        }
        importToken(settings.transport().activate(activationRequest(licenseKey)));
    }

    @Override
    public String activationRequest(String licenseKey) {
        byte[] nonce = new byte[16];
        settings.random().nextBytes(nonce);
        Instant now = Instant.ofEpochSecond(settings.clock().instant().getEpochSecond());
        ActivationRequest request = new ActivationRequest(licenseKey, identity.publicKey(), identity.fingerprint(),
                Base64Url.encode(nonce), now);
        return LicenseTokens.signActivationRequest(request, identity.key());
    }

    @Override
    public void writeActivationRequest(String licenseKey, Path file) throws IOException {
        StateFiles.write(file, activationRequest(licenseKey));
    }

    @Override
    public synchronized void tick() {
        Instant now = settings.clock().instant();
        LicenseClaims current = claims;
        if (current != null && current.lease() != null && settings.transport() != null
                && !now.isBefore(lease.nextAttempt(current, now))) {
            renew(current, now);
        }
        evaluate(now);
    }

    @Override
    public RenewalOutcome renewNow() {
        renewWanted.set(true);
        synchronized (this) {
            if (!renewWanted.getAndSet(false)) {
                return RenewalOutcome.COALESCED;
            }
            Instant now = settings.clock().instant();
            LicenseClaims current = claims;
            if (current == null || current.lease() == null) {
                return RenewalOutcome.NOT_LEASED;
            }
            if (settings.transport() == null) {
                return RenewalOutcome.OFFLINE;
            }
            // a clock set back does not block renewals: only a last renewal in the recent past counts
            if (lastRenewNow != null && !now.isBefore(lastRenewNow) && now.isBefore(lastRenewNow.plus(RENEW_NOW_SPACING))) {
                return RenewalOutcome.TOO_SOON;
            }
            lastRenewNow = now;
            boolean renewed = renew(current, now);
            evaluate(now);
            return renewed ? RenewalOutcome.RENEWED : RenewalOutcome.FAILED;
        }
    }

    /** @return whether the server answered with a grant */
    private boolean renew(LicenseClaims current, Instant now) {
        if (lease.renew(current, identity, now) != LeaseClient.Outcome.RENEWED) {
            return false;
        }
        LeaseGrant grant = lease.lastGrant();
        clock.observeServer(grant.serverTime(), now);
        if (grant.licenseToken() != null) {
            try {
                LicenseClaims replaced = check(grant.licenseToken());
                StateFiles.write(tokenFile, grant.licenseToken());
                claims = replaced;
            } catch (LicenseException | IOException e) {
                LOG.warn("The license token in the lease was not installed: {}", e.getMessage());
                mismatched = null;
            }
        }
        return true;
    }

    private void evaluate(Instant now) {
        TimeState time = clock.observe(now);
        LicenseClaims current = claims;
        Evaluation evaluation;
        if (current != null) {
            LeaseView view = current.lease() == null ? null : lease.view(current);
            evaluation = Evaluator.evaluate(current, time, now, view, settings.tamperGrace());
        } else if (mismatched != null) {
            evaluation = unusable(mismatched, LicenseCode.FINGERPRINT_MISMATCH, problemDetail);
        } else {
            evaluation = Evaluation.none(problem);
        }
        notifier.notify(entitlements.publish(evaluation), evaluation, time.trustedNow());
    }

    /** Every feature of a license that cannot be used here, off with the reason. */
    private static Evaluation unusable(LicenseClaims license, LicenseCode code, String detail) {
        Map<String, FeatureStatus> features = new HashMap<>();
        Map<String, String> messages = new HashMap<>();
        for (FeatureGrant f : license.features()) {
            features.put(f.name(), new FeatureStatus(f.name(), code, null, false));
            messages.put(f.name(), Evaluator.message(f.name(), code, detail));
        }
        return new Evaluation(features, code, messages);
    }

    @Override
    public void close() {
        // Nothing to release: state is written as it changes. Scheduling belongs to the caller.
    }
}
