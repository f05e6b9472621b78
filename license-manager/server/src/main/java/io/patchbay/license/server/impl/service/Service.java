package io.patchbay.license.server.impl.service;

import io.patchbay.license.server.impl.store.ActivationRow;
import io.patchbay.license.server.impl.store.Activations;
import io.patchbay.license.server.impl.store.LicenseRow;
import io.patchbay.license.server.impl.store.Licenses;
import io.patchbay.license.server.impl.store.Nonces;
import io.patchbay.server.spi.ExtensionContext;
import io.patchbay.server.spi.ExtensionRefusal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the activation and lease services share: the transaction runner, replay check and status refusals. */
abstract class Service {
    /** Nonces are purged of expired ones every this many requests (and at every start). */
    static final int PURGE_EVERY = 1024;
    private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();

    final ExtensionContext context;
    final Issuer issuer;
    final Windows settings;

    Service(ExtensionContext context, Issuer issuer, Windows settings) {
        this.context = context;
        this.issuer = issuer;
        this.settings = settings;
    }

    <T> T run(ExtensionContext.Work<Outcome<T>> work) throws SQLException {
        Outcome<T> outcome = context.inTransaction(work);
        for (String clientId : outcome.wake()) {
            context.push().notifyClient(clientId);
        }
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.value();
    }

    /** Records the request's nonce first: a replay is refused with nothing written. */
    void consumeNonce(Connection c, String instanceKey, String nonce, Duration window, Instant now)
            throws SQLException {
        if (REQUESTS.incrementAndGet() % PURGE_EVERY == 0) {
            Nonces.purge(c, now);
        }
        // Kept for two windows from now, whatever time the request claims: a replay after that carries an issue
        // time more than a window old, refused as stale (activations), or a used freshness value (renewals).
        if (!Nonces.consume(c, instanceKey, nonce, now.plus(window).plus(window))) {
            throw new ExtensionRefusal(409, "replayed", "this request (its nonce) was already used; sign a new one");
        }
    }

    static LicenseRow licenseById(Connection c, String licenseId) throws SQLException {
        return Licenses.lock(c, licenseId).orElseThrow(() -> new ExtensionRefusal(404, "unknown_license",
                "no license '" + licenseId + "'"));
    }

    static ActivationRow activation(Connection c, LicenseRow license, String instanceKey) throws SQLException {
        return Activations.activeFor(c, license.id(), instanceKey).orElseThrow(() -> new ExtensionRefusal(403,
                "not_activated", "this instance holds no activation of license " + license.id()
                + " (deactivated or transferred away); activate again"));
    }

    static ExtensionRefusal statusRefusal(LicenseRow license, Instant now) {
        if (LicenseRow.REVOKED.equals(license.status())) {
            return new ExtensionRefusal(403, "license_revoked", "license " + license.id() + " was revoked"
                    + reason(license));
        }
        if (LicenseRow.SUSPENDED.equals(license.status())) {
            return new ExtensionRefusal(403, "license_suspended", "license " + license.id() + " is suspended"
                    + reason(license));
        }
        if (license.expiresAt() != null && !license.expiresAt().isAfter(now)) {
            return new ExtensionRefusal(403, "license_expired", "license " + license.id() + " expired at "
                    + license.expiresAt());
        }
        return null;
    }

    private static String reason(LicenseRow license) {
        return license.statusReason() == null ? "" : ": " + license.statusReason();
    }

    static List<String> wake(ActivationRow... rows) {
        List<String> ids = new ArrayList<>();
        for (ActivationRow row : rows) {
            if (row != null && row.clientId() != null) {
                ids.add(row.clientId());
            }
        }
        return ids;
    }

    static String actor(String instanceKey) {
        return "instance:" + instanceKey;
    }
}
