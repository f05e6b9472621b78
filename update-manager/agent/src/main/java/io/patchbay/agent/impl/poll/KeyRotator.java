package io.patchbay.agent.impl.poll;

import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.device.Messages.CheckInReply;
import io.patchbay.agent.impl.device.Messages.CheckInRequest;
import io.patchbay.agent.impl.device.Messages.KeysReply;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.impl.identity.IdentityStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Client key rotation, on a schedule ({@code AgentConfig.keyRotation}) and on request. The new pair is stored as
 * pending (owner-only) before the server is asked to register it, in a request signed with the current key
 * ({@code POST /device/v1/keys}); only the server's 200 makes it current. The server keeps accepting the old signing
 * key for a short overlap, so requests signed just before the switch still verify.
 *
 * <p>Crash safety: while a pending pair exists, the next check-in is signed with it. Accepted → the server had
 * registered it (the agent died after the 200, before recording it): it becomes current. Refused with
 * {@code bad_signature} → the server never registered it: the rotation is sent again, signed with the old key,
 * which the server still holds as current. Both outcomes hold whatever time has passed, overlap or not.
 */
final class KeyRotator {
    /** A reply and the identity that signs from now on. */
    record Signed(CheckInReply reply, ClientIdentity identity) {
    }

    private final IdentityStore identities;
    private final Duration interval;
    private final Clock clock;
    private final StatusLog log;
    private volatile boolean requested;

    KeyRotator(IdentityStore identities, Duration interval, Clock clock, StatusLog log) {
        this.identities = Objects.requireNonNull(identities, "identities");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Rotates after the next check-in, due or not. */
    void request() {
        requested = true;
    }

    /** Checks in, settling an unconfirmed rotation first (see the class comment). */
    Signed checkIn(DeviceClient client, ClientIdentity current, CheckInRequest request)
            throws DeviceException, IOException {
        Optional<ClientIdentity> pending = identities.pending(current);
        if (pending.isEmpty()) {
            return new Signed(client.checkIn(current, request), current);
        }
        try {
            CheckInReply reply = client.checkIn(pending.get(), request);
            ClientIdentity confirmed = identities.commitPending(pending.get());
            log.info("agent key rotation confirmed: the server had registered the new keys before the agent could"
                    + " record it");
            return new Signed(reply, confirmed);
        } catch (DeviceException e) {
            if (!DeviceClient.BAD_SIGNATURE.equals(e.code())) {
                throw e;
            }
        }
        ClientIdentity now = register(client, current, pending.get());
        return new Signed(client.checkIn(now, request), now);
    }

    /** Rotates when requested or due; returns the identity that signs from now on. */
    ClientIdentity rotateIfDue(DeviceClient client, ClientIdentity current) throws DeviceException, IOException {
        Optional<Instant> since = identities.rotatedAt();
        if (since.isEmpty()) {
            identities.markRotated(); // keys from before rotation existed: a full interval from now
        }
        boolean due = since.isPresent() && !clock.instant().isBefore(since.get().plus(interval));
        if (!requested && !due) {
            return current;
        }
        requested = false;
        return register(client, current, identities.createPending(current));
    }

    /** Registers the pending pair, signed with the current key; a refusal abandons it for a whole interval. */
    private ClientIdentity register(DeviceClient client, ClientIdentity current, ClientIdentity next)
            throws DeviceException, IOException {
        KeysReply reply;
        try {
            reply = client.rotateKeys(current, next);
        } catch (DeviceException e) {
            if (e.kind() != DeviceException.Kind.REFUSED) {
                throw e; // unreachable or busy: the pending pair is tried first at the next check-in
            }
            identities.abandonPending();
            identities.markRotated(); // never a tight loop of refused rotations
            log.warn("agent key rotation refused by the server (" + e.getMessage() + "); keeping the current keys,"
                    + " next attempt in " + interval);
            return current;
        }
        ClientIdentity now = identities.commitPending(next);
        log.info("agent rotated its signing and sealing keys; the old signing key stays valid until "
                + reply.previousKeyValidUntil());
        return now;
    }
}
