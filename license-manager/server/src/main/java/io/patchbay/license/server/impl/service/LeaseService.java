package io.patchbay.license.server.impl.service;

import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.server.impl.store.ActivationRow;
import io.patchbay.license.server.impl.store.Activations;
import io.patchbay.license.server.impl.store.Freshness;
import io.patchbay.license.server.impl.store.LicenseRow;
import io.patchbay.license.server.impl.store.Licenses;
import io.patchbay.license.server.impl.store.Machines;
import io.patchbay.license.server.impl.store.Seats;
import io.patchbay.server.spi.ExtensionContext;
import io.patchbay.server.spi.ExtensionRefusal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Lease renewals (heartbeats) and seat release. A renewal answers with a signed grant: server time, the license's
 * status (so a revocation or suspension takes effect at the next renewal) and the next freshness value; on the way
 * it checks for clones, a second machine, a clock set back, and keeps or takes a floating seat.
 */
public final class LeaseService extends Service {

    public LeaseService(ExtensionContext context, Issuer issuer, Windows settings) {
        super(context, issuer, settings);
    }

    /** @return the lease grant (compact JWS) */
    public String renew(LeaseRequest request) throws SQLException {
        Instant now = context.clock().instant();
        return run(c -> {
            // Renewals are not refused for their time: a clock set back is what this request may report.
            consumeNonce(c, request.instanceKey(), request.nonce(), settings.onlineWindow(), now);
            LicenseRow license = licenseById(c, request.licenseId());
            ActivationRow activation = activation(c, license, request.instanceKey());
            Freshness.Verdict verdict = Freshness.judge(c, activation.id(), request.freshness());
            if (verdict == Freshness.Verdict.UNKNOWN) {
                throw new ExtensionRefusal(409, "unknown_freshness", "the freshness value was never issued to this"
                        + " activation; present the value of the last lease");
            }
            String actor = actor(request.instanceKey());
            boolean suspended = checks(c, license, activation, request, verdict, actor, now);
            LicenseRow current = suspended ? Licenses.find(c, license.id()).orElseThrow() : license;
            LeaseStatus status = LicenseRow.REVOKED.equals(current.status()) ? LeaseStatus.REVOKED
                    : LicenseRow.SUSPENDED.equals(current.status()) ? LeaseStatus.SUSPENDED : LeaseStatus.ACTIVE;
            if (status == LeaseStatus.ACTIVE && license.floating()) {
                ExtensionRefusal seat = ActivationService.holdSeat(c, context.random(), license, activation.id(), now);
                if (seat != null) {
                    return Outcome.refused(seat, List.of());
                }
            } else if (status != LeaseStatus.ACTIVE) {
                Seats.end(c, activation.id(), now, Seats.DEACTIVATED);
            }
            Activations.seen(c, activation.id(), now, request.fingerprint(), request.issuedAt(), null);
            String next = Ids.secret(context.random(), "f");
            Freshness.advance(c, activation.id(), request.freshness(), verdict, next, now);
            return Outcome.ok(issuer.lease(current, request.instanceKey(), request.nonce(), status, now, next), List.of());
        });
    }

    /** The misuse checks of one renewal; true if a flag suspended the license. */
    private boolean checks(Connection c, LicenseRow license, ActivationRow activation, LeaseRequest request,
            Freshness.Verdict verdict, String actor, Instant now) throws SQLException {
        boolean suspended = false;
        if (verdict == Freshness.Verdict.STALE) {
            suspended |= Misuse.raise(c, context.random(), license, Misuse.Kind.CLONE, "instance "
                    + request.instanceKey() + " presented a freshness value it had already used (or none after its"
                    + " first renewal): two copies of activation " + activation.id() + " are renewing", actor, now);
        }
        if (!Fingerprints.sameMachine(activation.lastFingerprint(), request.fingerprint())) {
            Duration interval = license.checkIn() != null ? license.checkIn() : license.seatTimeout();
            if (Duration.between(activation.lastSeenAt(), now).compareTo(interval) < 0) {
                suspended |= Misuse.raise(c, context.random(), license, Misuse.Kind.OVERLAPPING_HEARTBEATS,
                        "activation " + activation.id() + " renewed from two different machines within one check-in"
                        + " interval (" + interval + ")", actor, now);
            }
            int machines = Machines.see(c, license.id(), request.fingerprint(), request.instanceKey(),
                    Ids.id(context.random(), "m_"), now);
            if (machines > license.maxMachines() + license.transfersUsed()) {
                suspended |= Misuse.raise(c, context.random(), license, Misuse.Kind.TOO_MANY_MACHINES, "license "
                        + license.id() + " seen on " + machines + " machines; its policy allows " + license.maxMachines(),
                        actor, now);
            }
        }
        Duration tolerance = settings.clockTolerance();
        if (request.issuedAt().isBefore(now.minus(tolerance))) {
            suspended |= Misuse.raise(c, context.random(), license, Misuse.Kind.CLOCK_TAMPER, "instance "
                    + request.instanceKey() + " signed at " + request.issuedAt() + ", "
                    + Duration.between(request.issuedAt(), now).toMinutes() + " min behind server time " + now, actor, now);
        } else if (activation.lastIssuedAt() != null && request.issuedAt().isBefore(activation.lastIssuedAt().minus(tolerance))) {
            suspended |= Misuse.raise(c, context.random(), license, Misuse.Kind.CLOCK_TAMPER, "instance "
                    + request.instanceKey() + " signed at " + request.issuedAt() + ", before its previous request ("
                    + activation.lastIssuedAt() + "): its clock went back", actor, now);
        }
        return suspended;
    }

    /** Gives the floating seat back at once (the activation stays); true if it held one. */
    public boolean release(LeaseRequest request) throws SQLException {
        Instant now = context.clock().instant();
        return run(c -> {
            consumeNonce(c, request.instanceKey(), request.nonce(), settings.onlineWindow(), now);
            LicenseRow license = licenseById(c, request.licenseId());
            ActivationRow activation = activation(c, license, request.instanceKey());
            return Outcome.ok(Seats.end(c, activation.id(), now, Seats.RELEASED), List.of());
        });
    }
}
