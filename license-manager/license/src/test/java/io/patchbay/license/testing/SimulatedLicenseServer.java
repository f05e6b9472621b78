package io.patchbay.license.testing;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.license.api.ActivationRequest;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LeasePolicy;
import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LeaseTransport;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.api.LicenseTokens;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A license server in memory, speaking the real signed messages: activation binds a license to the requesting
 * instance, renewals answer with signed grants (server time from its own clock, a new freshness value each time),
 * and it records what it saw (freshness presented, clones) so tests can check the client's side of the protocol.
 */
public final class SimulatedLicenseServer implements LeaseTransport {

    public static final String KEY_ID = "vendor-2026";

    private final SigningKeyPair vendorKey;
    private final Clock serverClock;
    private final SecureRandom random = new SecureRandom();
    private final String licenseKey;
    private final List<FeatureGrant> features;
    private final Instant expiresAt;
    private final LeasePolicy lease;

    private boolean online = true;
    private LeaseStatus status = LeaseStatus.ACTIVE;
    private String boundInstance;
    private String lastFreshness;
    private String replayGrant;
    private String nextToken;
    private final List<String> presentedFreshness = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();
    private int renewals;

    public SimulatedLicenseServer(SigningKeyPair vendorKey, Clock serverClock, String licenseKey,
                                  List<FeatureGrant> features, Instant expiresAt, LeasePolicy lease) {
        this.vendorKey = vendorKey;
        this.serverClock = serverClock;
        this.licenseKey = licenseKey;
        this.features = features;
        this.expiresAt = expiresAt;
        this.lease = lease;
    }

    public Map<String, SigningPublicKey> trustedKeys() {
        return Map.of(KEY_ID, vendorKey.publicKey());
    }

    public void online(boolean on) {
        this.online = on;
    }

    public void status(LeaseStatus s) {
        this.status = s;
    }

    /** The next renewal is answered with this (old) grant instead of a fresh one. */
    public void replay(String grant) {
        this.replayGrant = grant;
    }

    /** The next grant carries this replacement license token. */
    public void nextToken(String token) {
        this.nextToken = token;
    }

    public List<String> presentedFreshness() {
        return presentedFreshness;
    }

    public List<String> flags() {
        return flags;
    }

    public int renewals() {
        return renewals;
    }

    private Instant now() {
        return Instant.ofEpochSecond(serverClock.instant().getEpochSecond());
    }

    /** What the operator's offline-activate command does with a request file: the token to hand back. */
    public String offlineActivate(String requestFile) throws LicenseException {
        ActivationRequest request = LicenseTokens.verifyActivationRequest(requestFile.trim());
        if (!request.licenseKey().equals(licenseKey)) {
            throw new IllegalArgumentException("unknown license key");
        }
        boundInstance = request.instanceKey();
        LicenseClaims claims = new LicenseClaims("lic-" + licenseKey.toLowerCase(), "ACME Corp.",
                request.instanceKey(), request.fingerprint(), features, now(), expiresAt, lease, null);
        return LicenseTokens.issue(claims, vendorKey, KEY_ID);
    }

    @Override
    public String activate(String signedRequest) throws IOException {
        if (!online) {
            throw new IOException("connection refused");
        }
        try {
            return offlineActivate(signedRequest);
        } catch (LicenseException e) {
            throw new IOException("activation refused: " + e.getMessage(), e);
        }
    }

    @Override
    public String renew(String signedRequest) throws IOException {
        if (!online) {
            throw new IOException("connection refused");
        }
        renewals++;
        if (replayGrant != null) {
            String old = replayGrant;
            replayGrant = null;
            return old;
        }
        LeaseRequest request;
        try {
            request = LicenseTokens.verifyLeaseRequest(signedRequest);
        } catch (LicenseException e) {
            throw new IOException("request refused: " + e.getMessage(), e);
        }
        if (!request.instanceKey().equals(boundInstance)) {
            throw new IOException("not the activated instance");
        }
        presentedFreshness.add(String.valueOf(request.freshness()));
        if (lastFreshness != null && !lastFreshness.equals(request.freshness())) {
            flags.add("CLONE: stale or missing freshness value " + request.freshness());
        }
        byte[] fresh = new byte[16];
        random.nextBytes(fresh);
        lastFreshness = Base64Url.encode(fresh);
        LeaseGrant grant = new LeaseGrant(request.licenseId(), request.instanceKey(), request.nonce(), status, now(),
                now().plus(lease.checkInInterval()), lastFreshness, nextToken, null);
        nextToken = null;
        return LicenseTokens.issueLease(grant, vendorKey, KEY_ID);
    }
}
