package io.patchbay.agent.impl.poll;

import io.patchbay.agent.api.Agent;
import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.api.AgentState;
import io.patchbay.agent.api.Scheduler;
import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.device.Messages.CheckInReply;
import io.patchbay.agent.impl.health.HealthProbe;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.impl.identity.IdentityStore;
import io.patchbay.agent.impl.push.PushChannel;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.impl.report.Reporter;
import io.patchbay.agent.impl.report.SwapMarker;
import io.patchbay.agent.impl.update.DeploymentController;
import io.patchbay.framework.api.PatchService;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The agent: enrollment on first start, then a check-in (the heartbeat, with the running patch level, host facts
 * and channel) on the server's interval with jitter, each followed by the unreported swap history. All of it runs
 * as tasks on the injected {@link Scheduler}, one at a time; public methods only (re)schedule.
 *
 * <p>Failures: unreachable (or 5xx) → exponential backoff with jitter, capped, one log line when the server is
 * lost and one when it is back; 503/429 → the server's Retry-After; revoked → one log line, the keys retired and
 * state REVOKED; no usable token (none, spent, refused) → one log line. Without a usable identity the agent reads its
 * token source again every backoff cap, sending nothing until a fresh token is there ({@link Enrollment}).
 *
 * <p>Keys are rotated after a check-in when due or requested ({@link KeyRotator}).
 *
 * <p>With a push channel ({@link PushChannel}, when the builder names the trusted push keys and the configuration
 * enables it), the channel connects after the first successful check-in; its hellos and accepted pushes only move
 * the next check forward ({@link #checkWithin}), and its counts travel as check-in facts.
 */
public final class PollingAgent implements Agent {
    static final Duration MIN_RECHECK = Duration.ofSeconds(1);
    /** The check-in fact naming the version of the TUF root the agent trusts (the server's certificate renewal reads it). */
    public static final String ROOT_VERSION_FACT = "rootVersion";
    /** The longest {@link #stop()} waits for a report in flight (the container's stop budget is 30 s in all). */
    static final Duration REPORT_STOP_WAIT = Duration.ofSeconds(10);
    private final AgentConfig config;
    private final PatchService patches;
    private final Scheduler scheduler;
    private final Clock clock;
    private final SecureRandom secureRandom;
    private final StatusLog log;
    private final IdentityStore identities;
    private final Pacing pacing;
    private final Set<String> refusalsLogged = new HashSet<>();
    private final Enrollment enrollment;
    private final KeyRotator rotator;
    private final DeploymentController deployments;
    private final SwapMarker marker;
    private final ReportGate reports;
    private final DeviceClients clients;
    private final TrustRefresher trust;
    private final CheckInRequests checkIns;
    private final HealthProbe health;
    /** Null without a push channel. */
    private final HostNotices hostNotices;
    private final PushChannel push;
    private final ExecutorScheduler ownedPushTimers;

    private volatile AgentState state = AgentState.STOPPED;
    private volatile ClientIdentity identity;
    private volatile boolean running;
    private Scheduler.Cancellable pending;
    private Scheduler.Cancellable recheck;
    private Duration lastDelay;
    /** When the pending poll runs, or null while a poll runs (or none is pending). */
    private Instant pendingDue;
    /** The earliest check asked for while a poll ran (a push, a hello): the poll's own next delay yields to it. */
    private Instant wanted;

    PollingAgent(PollingAgentBuilder b) {
        this.config = b.config;
        this.patches = b.patches;
        this.scheduler = b.scheduler;
        this.clock = b.clock;
        this.secureRandom = b.secureRandom;
        this.log = b.log;
        this.trust = new TrustRefresher(b.trustRefresh, log);
        this.identities = new IdentityStore(config.dataDirectory(), secureRandom, clock);
        this.enrollment = new Enrollment(identities, b.enrollmentTokens != null ? b.enrollmentTokens : config::token,
                log);
        this.rotator = new KeyRotator(identities, config.keyRotation(), clock, log);
        this.marker = new SwapMarker(config.dataDirectory(), log, clock);
        this.reports = new ReportGate(new Reporter(patches, marker), log);
        this.clients = new DeviceClients(config, b.trustedLocation, b.transports, clock, secureRandom);
        this.pacing = new Pacing(config, b.jitter);
        this.deployments = b.deploymentController(marker, this::checkNow);
        boolean pushOn = b.pushKeys != null && config.push().enabled();
        this.ownedPushTimers = pushOn && b.pushTimers == null ? new ExecutorScheduler("patchbay-agent-push") : null;
        this.hostNotices = !pushOn ? null : new HostNotices(config.hostCallbacks(),
                b.pushTimers != null ? b.pushTimers : ownedPushTimers, b.policyExecutor, log);
        this.push = !pushOn ? null : new PushChannel(config.push(), config.dataDirectory(), new PushHost(this),
                b.pushKeys, b.pushTimers != null ? b.pushTimers : ownedPushTimers, b.pushReaders, clock, b.jitter, log);
        this.health = new HealthProbe(patches, b.healthTimeout, clock, log);
        this.checkIns = new CheckInRequests(patches, marker, config, push, health);
    }


    public static PollingAgentBuilder builder(AgentConfig config, PatchService patches) {
        return new PollingAgentBuilder(config, patches);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        reschedule(Duration.ZERO);
    }

    /**
     * Stops polling, then waits (up to {@link #REPORT_STOP_WAIT} or the request timeout, whichever is shorter) for a
     * history record in flight to be accepted and acknowledged, so a stop does not leave a report sent but
     * unacknowledged (sent again by the next agent: a duplicate). Whatever else runs is the caller's to interrupt.
     */
    @Override
    public void stop() {
        synchronized (this) {
            running = false;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            scheduleRecheck(Optional.empty());
            state = AgentState.STOPPED;
        }
        if (push != null) {
            push.stop();
        }
        Duration wait = config.requestTimeout().compareTo(REPORT_STOP_WAIT) < 0 ? config.requestTimeout()
                : REPORT_STOP_WAIT;
        reports.awaitQuiet(wait);
    }

    /** Stops and detaches from the host's commit point. */
    @Override
    public void close() {
        stop();
        if (push != null) {
            push.close();
        }
        if (ownedPushTimers != null) {
            ownedPushTimers.close();
        }
        if (deployments != null) {
            deployments.close();
        }
        health.close();
        if (hostNotices != null) {
            hostNotices.close();
        }
    }

    /** Asked while a poll runs, the check still happens right after it (that poll's own rescheduling does not drop it). */
    @Override
    public synchronized void checkNow() {
        checkWithin(Duration.ZERO);
    }

    @Override
    public void reportNow() {
        if (running) {
            scheduler.schedule(this::reportOnly, Duration.ZERO);
        }
    }

    @Override
    public void rotateKeys() {
        if (running) {
            rotator.request();
            checkNow();
        }
    }

    @Override
    public AgentState state() {
        return state;
    }

    @Override
    public Optional<String> clientId() {
        ClientIdentity current = identity;
        return current == null ? Optional.empty() : Optional.ofNullable(current.clientId());
    }

    /**
     * Runs the scheduled check within {@code delay} unless one is due sooner anyway; asked during a poll, the
     * request outlives that poll's own rescheduling. What the push channel calls (hello, CHECK_NOW, REPORT_HOME).
     */
    public synchronized void checkWithin(Duration delay) {
        if (!running) {
            return;
        }
        Instant at = clock.instant().plus(delay);
        if (pendingDue == null) {
            wanted = wanted == null || at.isBefore(wanted) ? at : wanted;
        }
        if (pendingDue == null || at.isBefore(pendingDue)) {
            reschedule(delay);
        }
    }

    /**
     * Connects the push channel (idempotent) after a check-in: enrolled, and the endpoint known to answer. Under the
     * agent's lock, so a {@link #stop()} racing with the check-in cannot be undone by it.
     */
    private synchronized void startPush() {
        if (push != null && running) {
            push.start();
        }
    }

    /** Tells the host of accepted CHECK_NOW pushes (only used with a push channel). */
    HostNotices hostNotices() {
        return hostNotices;
    }

    /** The push channel's counts (null without a channel). */
    public io.patchbay.agent.impl.push.PushStats pushStats() {
        return push == null ? null : push.stats();
    }

    /** The delay chosen after the last task (for tests and diagnostics). */
    public synchronized Optional<Duration> lastDelay() {
        return Optional.ofNullable(lastDelay);
    }

    private synchronized void reschedule(Duration delay) {
        if (!running) {
            return;
        }
        if (pending != null) {
            pending.cancel();
        }
        Instant now = clock.instant();
        if (wanted != null && wanted.isBefore(now.plus(delay))) {
            delay = wanted.isAfter(now) ? Duration.between(now, wanted) : Duration.ZERO;
        }
        lastDelay = delay;
        pendingDue = now.plus(delay);
        pending = scheduler.schedule(this::poll, delay);
    }

    /** One poll: enroll if needed, check in, report; then schedule the next one. */
    private void poll() {
        synchronized (this) {
            if (!running) {
                return;
            }
            pendingDue = null;
            wanted = null;
        }
        try {
            ClientIdentity enrolled = enrolled();
            if (enrolled == null) {
                reschedule(pacing.cap()); // read the token source again later; nothing is sent meanwhile
                return;
            }
            KeyRotator.Signed checkedIn = rotator.checkIn(client(), enrolled, checkIns.request(trust.refresh()));
            ClientIdentity me = checkedIn.identity();
            identity = me;
            CheckInReply reply = checkedIn.reply();
            reachable();
            startPush();
            FeedbackSender feedback = request -> client().feedback(me, request);
            Optional<Instant> again = deployments == null ? Optional.empty()
                    : deployments.onCheckIn(reply.deployment(), feedback);
            report(feedback);
            identity = rotator.rotateIfDue(client(), me);
            reschedule(pacing.poll(reply.pollAfterSeconds()));
            scheduleRecheck(again);
        } catch (DeviceException e) {
            failed(e);
        } catch (IOException e) {
            // local state (key files unreadable or not owner-only): nothing the server can fix; stop loudly
            log.warn("agent stopped: cannot use its identity in " + identities.directory() + ": " + e.getMessage());
            halt();
        } catch (RuntimeException e) {
            log.warn("agent check failed unexpectedly, backing off: " + e);
            reschedule(pacing.failed());
        }
    }

    private void reportOnly() {
        ClientIdentity me = identity;
        if (!running || me == null || !me.enrolled()) {
            return;
        }
        try {
            report(request -> client().feedback(me, request));
            reachable();
        } catch (DeviceException e) {
            failed(e);
        }
    }

    /** The short re-check the policy engine asked for: a tick (and the reports) without a check-in. */
    private void recheck() {
        ClientIdentity me = identity;
        if (!running || me == null || !me.enrolled() || deployments == null) {
            return;
        }
        try {
            FeedbackSender feedback = request -> client().feedback(me, request);
            Optional<Instant> again = deployments.tick(feedback);
            report(feedback);
            scheduleRecheck(again);
        } catch (DeviceException e) {
            failed(e);
        } catch (RuntimeException e) {
            log.warn("agent policy re-check failed unexpectedly: " + e);
        }
    }

    private void report(FeedbackSender feedback) throws DeviceException {
        reports.report(feedback, () -> running);
    }

    /** Schedules a re-check at {@code at} (at least 1 s away) when that is before the next check-in. */
    private synchronized void scheduleRecheck(Optional<Instant> at) {
        if (recheck != null) {
            recheck.cancel();
            recheck = null;
        }
        if (!running || at.isEmpty()) {
            return;
        }
        Duration delay = Duration.between(clock.instant(), at.get());
        delay = delay.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : delay;
        if (lastDelay == null || delay.compareTo(lastDelay) < 0) {
            recheck = scheduler.schedule(this::recheck, delay);
        }
    }

    /** The enrolled identity, enrolling first if needed; null when there is no fresh token (already logged). */
    private ClientIdentity enrolled() throws IOException, DeviceException {
        if (identity == null) {
            identity = identities.loadOrCreate();
        }
        if (!identity.enrolled()) {
            ClientIdentity enrolled = enrollment.enroll(identity, client());
            if (enrolled == null) {
                if (state != AgentState.REVOKED) {
                    state = AgentState.NEEDS_ENROLLMENT;
                }
                return null;
            }
            identity = enrolled;
            if (push != null) {
                push.enrolled();
            }
        }
        return identity;
    }

    private void failed(DeviceException e) {
        switch (e.kind()) {
            case UNREACHABLE -> {
                Duration delay = pacing.failed();
                if (state != AgentState.UNREACHABLE) {
                    state = AgentState.UNREACHABLE;
                    log.warn("update server unreachable (" + e.getMessage() + "); retrying with backoff up to "
                            + config.backoffCap());
                }
                reschedule(delay);
            }
            case BUSY -> reschedule(e.retryAfter() != null ? pacing.retryAfter(e.retryAfter()) : pacing.failed());
            case REVOKED -> {
                log.warn("agent client " + clientId().orElse("?") + " was revoked by the server (" + e.status() + " "
                        + e.code() + "): its keys are retired and sign nothing more; it enrolls again, as a new"
                        + " client, once a fresh one-time token is provided");
                retire();
                enrollment.reset();
                state = AgentState.REVOKED;
                reschedule(pacing.cap());
            }
            case TOKEN_REJECTED -> {
                log.warn("agent enrollment refused: the one-time token is unknown, used or expired; waiting for a"
                        + " fresh one");
                enrollment.refused();
                if (state != AgentState.REVOKED) {
                    state = AgentState.NEEDS_ENROLLMENT;
                }
                reschedule(pacing.cap());
            }
            case REFUSED -> {
                // a request this agent builds wrongly: retrying it at the normal pace, logged once per code
                if (refusalsLogged.add(e.status() + " " + e.code())) {
                    log.warn("update server refused a request: " + e.getMessage());
                }
                reschedule(pacing.poll(null));
            }
        }
    }

    private void reachable() {
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

    /** Stops for good: a local problem (the identity's files) no retry can fix. */
    private void halt() {
        synchronized (this) {
            running = false;
            pending = null;
        }
        state = AgentState.NEEDS_ENROLLMENT;
    }

    private void retire() {
        try {
            identities.retire();
        } catch (IOException e) {
            log.warn("cannot move the revoked identity aside: " + e.getMessage());
        }
        identity = null;
    }

    /** The enrolled (or not yet enrolled) identity now, or null. */
    ClientIdentity currentIdentity() {
        return identity;
    }

    DeviceClient client() {
        return clients.current();
    }
}
