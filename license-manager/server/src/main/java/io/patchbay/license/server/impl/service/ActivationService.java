package io.patchbay.license.server.impl.service;

import io.patchbay.license.api.ActivationRequest;
import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.server.impl.store.ActivationRow;
import io.patchbay.license.server.impl.store.Activations;
import io.patchbay.license.server.impl.store.Audit;
import io.patchbay.license.server.impl.store.Freshness;
import io.patchbay.license.server.impl.store.LicenseRow;
import io.patchbay.license.server.impl.store.Licenses;
import io.patchbay.license.server.impl.store.Machines;
import io.patchbay.license.server.impl.store.Seats;
import io.patchbay.license.server.impl.store.Sql;
import io.patchbay.server.spi.ExtensionContext;
import io.patchbay.server.spi.ExtensionRefusal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Binding instances to licenses: activation (online or from an offline request file), transfer to a new machine
 * within the policy's limit, and deactivation. Each runs in one transaction under the license's row lock.
 */
public final class ActivationService extends Service {

    /** How an activation arrived. */
    public enum Mode {
        ONLINE,
        /** Online, and allowed to move the license off its least recently seen machine (counted against the policy). */
        TRANSFER,
        /** An air-gapped host's request file, brought by the operator. */
        OFFLINE
    }

    /** A granted activation: the node-locked token, and a first lease grant carrying the first freshness value. */
    public record Granted(String licenseId, String activationId, String token, String lease, String freshness) {
    }

    public ActivationService(ExtensionContext context, Issuer issuer, Windows settings) {
        super(context, issuer, settings);
    }

    /**
     * @param clientId the instance's enrolled update client, if it has one (woken through push on a revocation)
     * @param actor    who asks: the instance itself, or the operator's admin token for an offline request
     */
    public Granted activate(ActivationRequest request, String clientId, Mode mode, String actor) throws SQLException {
        Instant now = context.clock().instant();
        Duration window = mode == Mode.OFFLINE ? settings.offlineWindow() : settings.onlineWindow();
        Duration age = Duration.between(request.issuedAt(), now);
        if (age.abs().compareTo(window) > 0) {
            throw new ExtensionRefusal(400, "stale_request", "the request was signed at " + request.issuedAt()
                    + ", more than " + window + " from the server's time " + now + "; sign a new one");
        }
        return run(c -> {
            consumeNonce(c, request.instanceKey(), request.nonce(), window, now);
            LicenseRow license = Licenses.lockByKey(c, Sql.sha256Hex(request.licenseKey())).orElseThrow(() ->
                    new ExtensionRefusal(403, "unknown_license", "no license has this license key"));
            ExtensionRefusal status = statusRefusal(license, now);
            if (status != null) {
                throw status;
            }
            return decide(c, license, request, clientId, mode, actor, now);
        });
    }

    private Outcome<Granted> decide(Connection c, LicenseRow license, ActivationRequest request, String clientId,
            Mode mode, String actor, Instant now) throws SQLException {
        String instanceKey = request.instanceKey();
        int machines = Machines.see(c, license.id(), request.fingerprint(), instanceKey, Ids.id(context.random(), "m_"), now);
        boolean suspended = false;
        // Machines the policy accounts for: its limit, the ones left behind by transfers, and this transfer's target.
        boolean canTransfer = mode == Mode.TRANSFER && license.transfersUsed() < license.maxTransfers();
        int allowed = license.maxMachines() + license.transfersUsed() + (canTransfer ? 1 : 0);
        if (machines > allowed) {
            suspended |= Misuse.raise(c, context.random(), license, Misuse.Kind.TOO_MANY_MACHINES, "license "
                    + license.id() + " seen on " + machines + " machines; its policy allows " + license.maxMachines()
                    + (license.transfersUsed() > 0 ? " plus " + license.transfersUsed() + " transfer(s)" : ""),
                    actor, now);
        }
        Optional<ActivationRow> existing = Activations.activeFor(c, license.id(), instanceKey);
        // The same instance on the same machine asking again (a host that activates at every start) is no churn.
        boolean again = existing.isPresent() && Fingerprints.sameMachine(existing.get().fingerprint(), request.fingerprint());
        int churn = again ? 0 : Audit.churn(c, license.id(), now.minus(Duration.ofDays(1)));
        if (churn >= license.maxActivationsPerDay()) {
            suspended |= Misuse.raise(c, context.random(), license, Misuse.Kind.ACTIVATION_CHURN, churn
                    + " activations, transfers and deactivations of license " + license.id()
                    + " in the last 24 h; its policy allows " + license.maxActivationsPerDay(), actor, now);
            return Outcome.refused(new ExtensionRefusal(429, "activation_churn", "license " + license.id()
                    + " was (de)activated " + churn + " times in 24 h; try again later or ask the vendor", 3600),
                    List.of());
        }
        if (suspended) {
            return Outcome.refused(new ExtensionRefusal(403, "license_suspended", "license " + license.id()
                    + " is suspended: misuse detected"), List.of());
        }
        // What was recorded so far (machines seen, flags) stays even if the activation is refused below; what the
        // activation itself would change (a transfer, a new row) is rolled back with the refusal.
        Savepoint decided = c.setSavepoint();
        ActivationRow moved = null;
        if (existing.isPresent() && !again) {
            // The instance key is active on another machine: a copied data directory, or a machine rebuilt.
            if (mode != Mode.TRANSFER) {
                return refuse(c, decided, new ExtensionRefusal(409, "instance_moved", "this instance key is active on"
                        + " another machine; transfer the license to move it"));
            }
            ExtensionRefusal refusal = transfer(c, license, existing.get(), actor, now);
            if (refusal != null) {
                return refuse(c, decided, refusal);
            }
            moved = existing.get();
            existing = Optional.empty();
        }
        if (existing.isEmpty() && moved == null) {
            List<ActivationRow> active = Activations.active(c, license.id());
            if (active.size() >= license.maxMachines()) {
                if (mode != Mode.TRANSFER) {
                    return refuse(c, decided, new ExtensionRefusal(409, "machine_limit", "license " + license.id()
                            + " is active on " + active.size() + " machine(s), its limit; deactivate one or transfer"));
                }
                ExtensionRefusal refusal = transfer(c, license, active.get(0), actor, now);
                if (refusal != null) {
                    return refuse(c, decided, refusal);
                }
                moved = active.get(0);
            }
        }
        ActivationRow activation = existing.isPresent()
                ? reactivate(c, existing.get(), request, clientId, now)
                : new ActivationRow(Ids.id(context.random(), "act_"), license.id(), instanceKey, request.fingerprint(),
                        request.fingerprint(), clientId, mode == Mode.OFFLINE, now, now, request.issuedAt(), null, null);
        if (existing.isEmpty()) {
            Activations.insert(c, activation);
        }
        if (license.floating() && mode != Mode.OFFLINE) {
            ExtensionRefusal seat = holdSeat(c, context.random(), license, activation.id(), now);
            if (seat != null) {
                return refuse(c, decided, seat);
            }
        }
        String freshness = Ids.secret(context.random(), "f");
        if (existing.isPresent()) {
            Freshness.advance(c, activation.id(), null, Freshness.Verdict.RETRY, freshness, now);
        } else {
            Freshness.issue(c, activation.id(), freshness, now);
        }
        Audit.record(c, now, license.id(), actor, existing.isPresent() ? Audit.REACTIVATE : Audit.ACTIVATE,
                (mode == Mode.OFFLINE ? "offline " : "") + "activation " + activation.id() + " of instance " + instanceKey);
        String token = issuer.token(license, activation);
        String lease = issuer.lease(license, instanceKey, request.nonce(), LeaseStatus.ACTIVE, now, freshness);
        return Outcome.ok(new Granted(license.id(), activation.id(), token, lease, freshness), wake(moved));
    }

    private static Outcome<Granted> refuse(Connection c, Savepoint decided, ExtensionRefusal refusal) throws SQLException {
        c.rollback(decided);
        return Outcome.refused(refusal, List.of());
    }

    private ActivationRow reactivate(Connection c, ActivationRow row, ActivationRequest request, String clientId,
            Instant now) throws SQLException {
        Activations.seen(c, row.id(), now, request.fingerprint(), request.issuedAt(), clientId);
        return new ActivationRow(row.id(), row.licenseId(), row.instanceKey(), row.fingerprint(), request.fingerprint(),
                clientId != null ? clientId : row.clientId(), row.offline(), row.activatedAt(), now,
                request.issuedAt(), null, null);
    }

    /** Frees {@code from} for a transfer, or says why the policy forbids it. */
    private ExtensionRefusal transfer(Connection c, LicenseRow license, ActivationRow from, String actor, Instant now)
            throws SQLException {
        if (license.transfersUsed() >= license.maxTransfers()) {
            return new ExtensionRefusal(409, "transfer_limit", "license " + license.id() + " was transferred "
                    + license.transfersUsed() + " time(s), its limit");
        }
        Activations.deactivate(c, from.id(), now, "TRANSFERRED");
        Seats.end(c, from.id(), now, Seats.DEACTIVATED);
        Licenses.countTransfer(c, license.id());
        Audit.record(c, now, license.id(), actor, Audit.TRANSFER, "activation " + from.id() + " of instance "
                + from.instanceKey() + " moved to a new machine");
        return null;
    }

    /** Takes (or keeps) a floating seat for the activation; dead seats are culled first, so they are free again. */
    static ExtensionRefusal holdSeat(Connection c, java.security.SecureRandom random, LicenseRow license,
            String activationId, Instant now)
            throws SQLException {
        Seats.cull(c, license.id(), now, license.seatTimeout());
        Optional<String> seat = Seats.liveSeat(c, activationId);
        if (seat.isPresent()) {
            Seats.heartbeat(c, seat.get(), now);
            return null;
        }
        int live = Seats.countLive(c, license.id());
        if (live >= license.maxSeats()) {
            return new ExtensionRefusal(409, "seat_limit", "all " + license.maxSeats() + " floating seats of license "
                    + license.id() + " are in use; one frees when released or after " + license.seatTimeout()
                    + " without a heartbeat", (int) Math.min(Integer.MAX_VALUE, license.seatTimeout().toSeconds()));
        }
        Seats.acquire(c, Ids.id(random, "seat_"), license.id(), activationId, now);
        return null;
    }

    /** The instance gives its activation up (and its seat): the machine slot is free for another. */
    public void deactivate(LeaseRequest request) throws SQLException {
        Instant now = context.clock().instant();
        run(c -> {
            consumeNonce(c, request.instanceKey(), request.nonce(), settings.onlineWindow(), now);
            LicenseRow license = licenseById(c, request.licenseId());
            ActivationRow activation = activation(c, license, request.instanceKey());
            Activations.deactivate(c, activation.id(), now, "DEACTIVATED");
            Seats.end(c, activation.id(), now, Seats.DEACTIVATED);
            Audit.record(c, now, license.id(), actor(request.instanceKey()), Audit.DEACTIVATE, "activation "
                    + activation.id());
            return Outcome.ok(Boolean.TRUE, List.of());
        });
    }
}
