package io.patchbay.server.impl.rotation;

import io.patchbay.crypto.api.TlsPins;
import io.patchbay.server.impl.http.TlsIdentity;
import io.patchbay.server.impl.http.TlsSlots;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.store.RotationReadiness;
import io.patchbay.server.store.StoreException;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.TrustedLocation;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The two-phase renewal of the server's TLS certificate. Clients trust the server only by the pins in their
 * trusted root, so the new key must be pinned before it is served, and the old pin may go only after:
 * <ol>
 *   <li>{@link #stage}: a new identity in the next slot, and root N+1 pinning old and new; the old one is served.</li>
 *   <li>{@link #activate}: the new identity is served (persisted, then swapped into the running server). A client
 *       that has not refreshed past root N pins only the old key and is refused from here on: that is why
 *       activation waits until live clients have checked in since stage.</li>
 *   <li>{@link #finish}: root N+2 drops the old pin; the old identity is retired (kept, never served).</li>
 * </ol>
 * Each phase is idempotent and resumes what a crash interrupted (see {@link TlsSlots}); a phase out of order is a
 * {@link RotationRefused} with nothing written. Calls are serialised.
 */
public final class CertificateRotation {

    /** Where the running server's TLS identity is swapped. */
    public interface TlsSwitch {
        /** The pin-sha256 of the key served now. */
        String servingPin();

        void serve(TlsIdentity identity);
    }

    public enum Phase {
        /** No renewal under way. */
        IDLE,
        /** A next slot is reserved but root does not pin it yet: run stage again. */
        STAGING,
        /** Root pins old and new; the old one is served. */
        STAGED,
        /** The new one is served; root still pins the old one until finish. */
        ACTIVATED
    }

    /** Where a renewal stands; {@code pendingClients} is null unless staged. */
    public record Status(Phase phase, boolean changed, String servingPin, String nextPin, String previousPin,
                         long rootVersion, List<String> rootPins, Instant stagedAt, Long pendingClients,
                         Instant activatableAt, List<String> retiredSlots) {
    }

    private final TlsSlots slots;
    private final ServerRepository repository;
    private final RotationReadiness readiness;
    private final TlsSwitch server;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration liveWindow;
    private final RotationAudit audit;

    /** @param liveWindow a client seen within it is live (poll interval × dead-after intervals) */
    public CertificateRotation(TlsSlots slots, ServerRepository repository, RotationReadiness readiness,
            TlsSwitch server, Clock clock, SecureRandom random, Duration liveWindow, RotationAudit audit) {
        this.slots = Objects.requireNonNull(slots);
        this.repository = Objects.requireNonNull(repository);
        this.readiness = Objects.requireNonNull(readiness);
        this.server = Objects.requireNonNull(server);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
        this.liveWindow = Objects.requireNonNull(liveWindow);
        this.audit = Objects.requireNonNull(audit);
    }

    public synchronized Status status() throws IOException, StoreException {
        return status(slots.state(), false);
    }

    /** Phase 1. Resumes a stage a crash or a refusal interrupted, with the key it had generated. */
    public synchronized Status stage(String by) throws IOException, StoreException {
        TlsSlots.State state = slots.state();
        if (state.previous() != null) {
            throw new RotationRefused(RotationRefused.AWAITING_FINISH, "the renewed certificate is already served and"
                    + " root still pins the old one; run finish before staging another renewal");
        }
        Root current = repository.publishedRoot();
        if (current.location().isEmpty()) {
            throw new RotationRefused(RotationRefused.NO_LOCATION, "root v" + current.version() + " names no location,"
                    + " so clients do not pin the server from it and there is no pin to renew (init without a public"
                    + " URL and with port 0); set the location by a root rotation first");
        }
        if (state.next() == null) {
            state = state.withNext(slots.freshName(state), null);
            slots.write(state);
        }
        TlsIdentity next = slots.generate(state.next(), clock, random);
        String pin = TlsPins.PREFIX + next.pinSha256();
        Root root = repository.publishedRoot();
        boolean changed = false;
        if (!pins(root).contains(pin)) {
            List<String> pins = new ArrayList<>(pins(root));
            pins.add(pin);
            root = repository.rotateTlsPins(pins);
            changed = true;
        }
        if (state.stagedAt() == null) {
            state = state.withNext(state.next(), clock.instant().toString());
            slots.write(state);
        }
        Status status = status(state, changed);
        audit.record("stage", by, status);
        return status;
    }

    /**
     * Phase 2. Refused before stage completed, and (unless {@code force}) while live clients have not checked in
     * since the staged root was published. Persists the switch first, so a restart serves the new identity even
     * if the live swap failed; repeating it re-applies the swap.
     */
    public synchronized Status activate(String by, boolean force) throws IOException, StoreException {
        TlsSlots.State state = slots.state();
        if (state.previous() != null && state.next() == null) {
            boolean changed = !server.servingPin().equals(slots.loadActive().pinSha256());
            if (changed) {
                server.serve(slots.loadActive());
            }
            return status(state, changed);
        }
        Status current = status(state, false);
        if (current.phase() != Phase.STAGED) {
            throw new RotationRefused(RotationRefused.NOT_STAGED, current.phase() == Phase.STAGING
                    ? "stage did not complete (root does not pin the new key yet); run stage again"
                    : "nothing is staged; run stage first");
        }
        if (!force && current.pendingClients() > 0) {
            throw new RotationRefused(RotationRefused.CLIENTS_PENDING, current.pendingClients() + " live client(s)"
                    + " have not checked in since the new root was published at " + current.stagedAt()
                    + " and would be refused by the new certificate; wait (all will have by " + current.activatableAt()
                    + ") or force");
        }
        TlsIdentity next = slots.load(state.next());
        state = state.activated();
        slots.write(state);
        server.serve(next);
        Status status = status(state, true);
        audit.record(force ? "activate (forced)" : "activate", by, status);
        return status;
    }

    /** Phase 3. Root N+2 without the old pin; the old identity is retired, not deleted. */
    public synchronized Status finish(String by) throws IOException, StoreException {
        TlsSlots.State state = slots.state();
        Root root = repository.publishedRoot();
        if (state.previous() == null) {
            if (state.next() == null && state.finishedRootVersion() == root.version()) {
                return status(state, false);
            }
            throw new RotationRefused(RotationRefused.NOT_ACTIVATED, state.next() == null
                    ? "no renewal is under way; run stage, then activate" : "the new certificate is not served yet; run activate first");
        }
        String active = TlsPins.PREFIX + slots.loadActive().pinSha256();
        if (!pins(root).contains(active)) {
            throw new RotationRefused(RotationRefused.ACTIVE_NOT_PINNED, "root v" + root.version() + " does not pin the"
                    + " served key " + active + "; dropping the old pin would lock every client out");
        }
        String old = TlsPins.PREFIX + slots.load(state.previous()).pinSha256();
        boolean changed = false;
        if (pins(root).contains(old)) {
            List<String> pins = new ArrayList<>(pins(root));
            pins.remove(old);
            root = repository.rotateTlsPins(pins);
            changed = true;
        }
        state = state.finished(root.version());
        slots.write(state);
        Status status = status(state, changed);
        audit.record("finish", by, status);
        return status;
    }

    private Status status(TlsSlots.State state, boolean changed) throws IOException, StoreException {
        Root root = repository.publishedRoot();
        List<String> rootPins = pins(root);
        String nextPin = state.next() != null && slots.isGenerated(state.next())
                ? TlsPins.PREFIX + slots.load(state.next()).pinSha256() : null;
        String previousPin = state.previous() != null ? TlsPins.PREFIX + slots.load(state.previous()).pinSha256() : null;
        Phase phase = state.previous() != null ? Phase.ACTIVATED
                : state.next() == null ? Phase.IDLE
                : nextPin != null && rootPins.contains(nextPin) && state.stagedAt() != null ? Phase.STAGED
                : Phase.STAGING;
        Instant stagedAt = state.stagedAt() == null ? null : Instant.parse(state.stagedAt());
        Long pending = null;
        Instant activatableAt = null;
        if (phase == Phase.STAGED) {
            pending = readiness.notReady(stagedAt, clock.instant().minus(liveWindow), root.version());
            activatableAt = stagedAt.plus(liveWindow);
        }
        return new Status(phase, changed, TlsPins.PREFIX + server.servingPin(), nextPin, previousPin, root.version(),
                rootPins, stagedAt, pending, activatableAt, state.retired());
    }

    private static List<String> pins(Root root) {
        return root.location().map(TrustedLocation::tlsPins).orElse(List.of());
    }
}
