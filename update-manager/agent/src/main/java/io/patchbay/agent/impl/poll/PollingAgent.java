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
import java.util.Optional;

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
 *
 * <p>When the next poll and re-check run is the {@link PollSchedule}'s (the only state other threads move, under its
 * lock); what each outcome means for the agent's identity and state is the {@link ServerStanding}'s.
 */
public final class PollingAgent implements Agent {
    /** The check-in fact naming the version of the TUF root the agent trusts (the server's certificate renewal reads it). */
    public static final String ROOT_VERSION_FACT = "rootVersion";
    /** The longest {@link #stop()} waits for a report in flight (the container's stop budget is 30 s in all). */
    static final Duration REPORT_STOP_WAIT = Duration.ofSeconds(10);
    private final AgentConfig config;
    private final PatchService patches;
    private final Scheduler scheduler;
    private final StatusLog log;
    private final IdentityStore identities;
    private final Pacing pacing;
    private final PollSchedule schedule;
    private final ServerStanding standing;
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

    PollingAgent(PollingAgentBuilder b) {
        this.config = b.config;
        this.patches = b.patches;
        this.scheduler = b.scheduler;
        Clock clock = b.clock;
        SecureRandom secureRandom = b.secureRandom;
        this.log = b.log;
        this.schedule = new PollSchedule(scheduler, clock, this::poll, this::recheck);
        this.trust = new TrustRefresher(b.trustRefresh, log);
        this.identities = new IdentityStore(config.dataDirectory(), secureRandom, clock);
        Enrollment enrollment = new Enrollment(identities,
                b.enrollmentTokens != null ? b.enrollmentTokens : config::token, log);
        this.rotator = new KeyRotator(identities, config.keyRotation(), clock, log);
        this.marker = new SwapMarker(config.dataDirectory(), log, clock);
        this.reports = new ReportGate(new Reporter(patches, marker), log);
        this.clients = new DeviceClients(config, b.trustedLocation, b.transports, clock, secureRandom);
        this.pacing = new Pacing(config, b.jitter);
        this.standing = new ServerStanding(identities, enrollment, clients, pacing, log, this::pushEnrolled);
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
    public void start() {
        schedule.start();
    }

    /**
     * Stops polling, then waits (up to {@link #REPORT_STOP_WAIT} or the request timeout, whichever is shorter) for a
     * history record in flight to be accepted and acknowledged, so a stop does not leave a report sent but
     * unacknowledged (sent again by the next agent: a duplicate). Whatever else runs is the caller's to interrupt.
     */
    @Override
    public void stop() {
        schedule.stop();
        standing.stopped();
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
    public void checkNow() {
        checkWithin(Duration.ZERO);
    }

    @Override
    public void reportNow() {
        if (schedule.running()) {
            scheduler.schedule(this::reportOnly, Duration.ZERO);
        }
    }

    @Override
    public void rotateKeys() {
        if (schedule.running()) {
            rotator.request();
            checkNow();
        }
    }

    @Override
    public AgentState state() {
        return standing.state();
    }

    @Override
    public Optional<String> clientId() {
        return standing.clientId();
    }

    /**
     * Runs the scheduled check within {@code delay} unless one is due sooner anyway; asked during a poll, the
     * request outlives that poll's own rescheduling. What the push channel calls (hello, CHECK_NOW, REPORT_HOME).
     */
    public void checkWithin(Duration delay) {
        schedule.checkWithin(delay);
    }

    /**
     * Connects the push channel (idempotent) after a check-in: enrolled, and the endpoint known to answer. Under the
     * schedule's lock, so a {@link #stop()} racing with the check-in cannot be undone by it.
     */
    private void startPush() {
        if (push != null) {
            schedule.whileRunning(push::start);
        }
    }

    /** A new enrollment: the push channel's counter (if any) starts fresh for the new identity. */
    private void pushEnrolled() {
        if (push != null) {
            push.enrolled();
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
    public Optional<Duration> lastDelay() {
        return schedule.lastDelay();
    }

    /** One poll: enroll if needed, check in, report; then schedule the next one. */
    private void poll() {
        if (!schedule.pollStarts()) {
            return;
        }
        try {
            ClientIdentity enrolled = standing.enrolled();
            if (enrolled == null) {
                schedule.reschedule(pacing.cap()); // read the token source again later; nothing is sent meanwhile
                return;
            }
            KeyRotator.Signed checkedIn = rotator.checkIn(client(), enrolled, checkIns.request(trust.refresh()));
            ClientIdentity me = checkedIn.identity();
            standing.identity(me);
            CheckInReply reply = checkedIn.reply();
            standing.reachable();
            startPush();
            FeedbackSender feedback = request -> client().feedback(me, request);
            Optional<Instant> again = deployments == null ? Optional.empty()
                    : deployments.onCheckIn(reply.deployment(), feedback);
            report(feedback);
            standing.identity(rotator.rotateIfDue(client(), me));
            schedule.reschedule(pacing.poll(reply.pollAfterSeconds()));
            schedule.recheckAt(again);
        } catch (DeviceException e) {
            schedule.reschedule(standing.failed(e));
        } catch (IOException e) {
            // local state (key files unreadable or not owner-only): nothing the server can fix; stop loudly
            log.warn("agent stopped: cannot use its identity in " + identities.directory() + ": " + e.getMessage());
            schedule.halt();
            standing.halted();
        } catch (RuntimeException e) {
            log.warn("agent check failed unexpectedly, backing off: " + e);
            schedule.reschedule(pacing.failed());
        }
    }

    private void reportOnly() {
        ClientIdentity me = standing.identity();
        if (!schedule.running() || me == null || !me.enrolled()) {
            return;
        }
        try {
            report(request -> client().feedback(me, request));
            standing.reachable();
        } catch (DeviceException e) {
            schedule.reschedule(standing.failed(e));
        }
    }

    /** The short re-check the policy engine asked for: a tick (and the reports) without a check-in. */
    private void recheck() {
        ClientIdentity me = standing.identity();
        if (!schedule.running() || me == null || !me.enrolled() || deployments == null) {
            return;
        }
        try {
            FeedbackSender feedback = request -> client().feedback(me, request);
            Optional<Instant> again = deployments.tick(feedback);
            report(feedback);
            schedule.recheckAt(again);
        } catch (DeviceException e) {
            schedule.reschedule(standing.failed(e));
        } catch (RuntimeException e) {
            log.warn("agent policy re-check failed unexpectedly: " + e);
        }
    }

    private void report(FeedbackSender feedback) throws DeviceException {
        reports.report(feedback, schedule::running);
    }

    /** The enrolled (or not yet enrolled) identity now, or null. */
    ClientIdentity currentIdentity() {
        return standing.identity();
    }

    DeviceClient client() {
        return clients.current();
    }
}
