package io.patchbay.license.impl.lease;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LeaseTransport;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.impl.StateFiles;
import io.patchbay.license.impl.identity.InstanceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease state machine of one instance. A leased license renews every check-in interval: a request signed with
 * the instance key, carrying the freshness value of the last grant (the server's clone detection) and a fresh
 * nonce; the answer is a vendor-signed grant that must name this license, this instance and this nonce (so an old
 * grant cannot be replayed to hide a revocation). The last grant is kept in the data directory (it is signed, so it
 * needs no protection beyond the directory's) and re-verified when read.
 *
 * <p>Outcomes: a grant (ACTIVE, SUSPENDED or REVOKED) replaces the last one; no answer, or an answer failing a
 * check, changes nothing (the lease runs on to its expiry and then its offline grace) and is retried after
 * {@link #RETRY}, or sooner if the interval is shorter. Not thread-safe: the client calls it from one thread.
 */
public final class LeaseClient {

    public static final String FILE = "lease.jws";
    public static final Duration RETRY = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(LeaseClient.class);

    /** What a renewal attempt came to. */
    public enum Outcome { RENEWED, UNREACHABLE, REFUSED_ANSWER }

    private final Path file;
    private final Map<String, SigningPublicKey> vendorKeys;
    private final LeaseTransport transport;
    private final SecureRandom random;

    private LeaseGrant grant;
    private Instant nextAttempt;
    private String lastProblem;

    public LeaseClient(Path dir, Map<String, SigningPublicKey> vendorKeys, LeaseTransport transport,
                       SecureRandom random) {
        this.file = dir.resolve(FILE);
        this.vendorKeys = Map.copyOf(vendorKeys);
        this.transport = transport;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Reads the last grant for this license and instance, if any (a grant for another license is ignored). */
    public void load(LicenseClaims claims) throws IOException {
        grant = null;
        nextAttempt = null;
        Optional<String> stored = StateFiles.read(file);
        if (stored.isEmpty()) {
            return;
        }
        String text = stored.get();
        try {
            LeaseGrant last = LicenseTokens.verifyLease(text, vendorKeys);
            if (last.licenseId().equals(claims.licenseId()) && last.instanceKey().equals(claims.instanceKey())) {
                grant = last;
            }
        } catch (LicenseException e) {
            LOG.warn("Ignoring the stored lease {}: {}", file, e.getMessage());
        }
    }

    /** The lease of this license now: the last grant, or (before any) the activation as the first lease. */
    public LeaseView view(LicenseClaims claims) {
        if (grant != null) {
            return new LeaseView(grant.status(), grant.leaseExpiresAt());
        }
        return new LeaseView(LeaseStatus.ACTIVE, claims.notBefore().plus(claims.lease().checkInInterval()));
    }

    public LeaseGrant lastGrant() {
        return grant;
    }

    public String lastProblem() {
        return lastProblem;
    }

    /** When the next renewal is due (now, before the first attempt). */
    public Instant nextAttempt(LicenseClaims claims, Instant now) {
        if (nextAttempt != null) {
            return nextAttempt;
        }
        if (grant == null) {
            return now;
        }
        // After a restart: renew an interval after the grant was made (never later than its expiry).
        Instant due = grant.serverTime().plus(claims.lease().checkInInterval());
        return due.isBefore(grant.leaseExpiresAt()) ? due : grant.leaseExpiresAt();
    }

    /** One renewal attempt; {@code now} is local time (whole seconds are sent). */
    public Outcome renew(LicenseClaims claims, InstanceIdentity identity, Instant now) {
        Duration interval = claims.lease().checkInInterval();
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        String nonce = Base64Url.encode(nonceBytes);
        LeaseRequest request = new LeaseRequest(claims.licenseId(), identity.publicKey(), identity.fingerprint(),
                grant == null ? null : grant.freshness(), nonce, Instant.ofEpochSecond(now.getEpochSecond()));
        String answer;
        try {
            answer = transport.renew(LicenseTokens.signLeaseRequest(request, identity.key()));
        } catch (IOException | RuntimeException e) {
            return failed(Outcome.UNREACHABLE, "license server unreachable: " + e.getMessage(), now, interval);
        }
        LeaseGrant received;
        try {
            received = LicenseTokens.verifyLease(answer, vendorKeys);
        } catch (LicenseException e) {
            return failed(Outcome.REFUSED_ANSWER, "lease answer refused: " + e.getMessage(), now, interval);
        }
        if (!received.licenseId().equals(claims.licenseId()) || !received.instanceKey().equals(identity.publicKey())
                || !received.requestNonce().equals(nonce)) {
            return failed(Outcome.REFUSED_ANSWER, "lease answer is for another license, instance or request", now,
                    interval);
        }
        try {
            StateFiles.write(file, answer);
        } catch (IOException e) {
            // Still valid in memory; the freshness value would be stale after a restart (the server may flag it).
            LOG.warn("Could not store the lease {}: {}", file, e.getMessage());
        }
        grant = received;
        lastProblem = null;
        nextAttempt = now.plus(interval);
        return Outcome.RENEWED;
    }

    private Outcome failed(Outcome outcome, String problem, Instant now, Duration interval) {
        LOG.warn("Lease renewal failed: {}", problem);
        lastProblem = problem;
        nextAttempt = now.plus(interval.compareTo(RETRY) < 0 ? interval : RETRY);
        return outcome;
    }
}
