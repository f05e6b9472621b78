package io.patchbay.agent.impl.poll;

import io.patchbay.agent.api.AgentState;
import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.impl.identity.IdentityStore;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's standing with its server: who it is (its identity, enrolled first when there is none) and how the last
 * contact went ({@link AgentState}), with the one log line each change deserves. Apart from the agent so that what
 * an outcome means lives in one place, while the agent only decides what runs next: a failure here returns the delay
 * before the next poll and schedules nothing itself.
 *
 * <p>Written only on the scheduler's thread (and by the host's stop); identity and state are volatile because the
 * host and the push channel read them from theirs.
 */
final class ServerStanding {
    private final IdentityStore identities;
    private final Enrollment enrollment;
    private final DeviceClients clients;
    private final Pacing pacing;
    private final StatusLog log;
    /** Run once an identity is newly enrolled (the push channel starts afresh). */
    private final Runnable onEnrolled;
    private final Set<String> refusalsLogged = new HashSet<>();

    private volatile AgentState state = AgentState.STOPPED;
    private volatile ClientIdentity identity;

    ServerStanding(IdentityStore identities, Enrollment enrollment, DeviceClients clients, Pacing pacing,
                   StatusLog log, Runnable onEnrolled) {
        this.identities = identities;
        this.enrollment = enrollment;
        this.clients = clients;
        this.pacing = pacing;
        this.log = log;
        this.onEnrolled = onEnrolled;
    }

    AgentState state() {
        return state;
    }

    /** The enrolled (or not yet enrolled) identity now, or null. */
    ClientIdentity identity() {
        return identity;
    }

    Optional<String> clientId() {
        ClientIdentity current = identity;
        return current == null ? Optional.empty() : Optional.ofNullable(current.clientId());
    }

    /** The identity a check-in (or a key rotation after it) leaves the agent with. */
    void identity(ClientIdentity now) {
        identity = now;
    }

    void stopped() {
        state = AgentState.STOPPED;
    }

    /** The identity's files are unusable: no retry can fix that, so the agent has stopped for good. */
    void halted() {
        state = AgentState.NEEDS_ENROLLMENT;
    }

    /** The enrolled identity, enrolling first if needed; null when there is no fresh token (already logged). */
    ClientIdentity enrolled() throws IOException, DeviceException {
        if (identity == null) {
            identity = identities.loadOrCreate();
        }
        if (!identity.enrolled()) {
            ClientIdentity enrolled = enrollment.enroll(identity, clients.current());
            if (enrolled == null) {
                if (state != AgentState.REVOKED) {
                    state = AgentState.NEEDS_ENROLLMENT;
                }
                return null;
            }
            identity = enrolled;
            onEnrolled.run();
        }
        return identity;
    }

    /** The server answered: logged once when it was lost (or on the first contact), and the backoff starts over. */
    void reachable() {
        if (state != AgentState.REACHABLE) {
            if (state == AgentState.UNREACHABLE) {
                log.info("update server reachable again after " + pacing.failures() + " failed attempts");
            } else {
                log.info("agent checking in as client " + clientId().orElse("?") + " at "
                        + clients.endpoint().baseUrl());
            }
            state = AgentState.REACHABLE;
        }
        pacing.reset();
    }

    /** What a failed request means for the agent; returns how long to wait before the next poll. */
    Duration failed(DeviceException e) {
        return switch (e.kind()) {
            case UNREACHABLE -> {
                Duration delay = pacing.failed();
                if (state != AgentState.UNREACHABLE) {
                    state = AgentState.UNREACHABLE;
                    log.warn("update server unreachable (" + e.getMessage() + "); retrying with backoff up to "
                            + pacing.cap());
                }
                yield delay;
            }
            case BUSY -> e.retryAfter() != null ? pacing.retryAfter(e.retryAfter()) : pacing.failed();
            case REVOKED -> {
                log.warn("agent client " + clientId().orElse("?") + " was revoked by the server (" + e.status() + " "
                        + e.code() + "): its keys are retired and sign nothing more; it enrolls again, as a new"
                        + " client, once a fresh one-time token is provided");
                retire();
                enrollment.reset();
                state = AgentState.REVOKED;
                yield pacing.cap();
            }
            case TOKEN_REJECTED -> {
                log.warn("agent enrollment refused: the one-time token is unknown, used or expired; waiting for a"
                        + " fresh one");
                enrollment.refused();
                if (state != AgentState.REVOKED) {
                    state = AgentState.NEEDS_ENROLLMENT;
                }
                yield pacing.cap();
            }
            case REFUSED -> {
                // a request this agent builds wrongly: retrying it at the normal pace, logged once per code
                if (refusalsLogged.add(e.status() + " " + e.code())) {
                    log.warn("update server refused a request: " + e.getMessage());
                }
                yield pacing.poll(null);
            }
        };
    }

    private void retire() {
        try {
            identities.retire();
        } catch (IOException e) {
            log.warn("cannot move the revoked identity aside: " + e.getMessage());
        }
        identity = null;
    }
}
