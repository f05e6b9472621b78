package io.patchbay.agent.impl.push;

import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.impl.poll.StatusLog;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushMessage;
import io.patchbay.crypto.api.push.PushOpener;
import io.patchbay.crypto.api.push.PushRefusal;
import io.patchbay.crypto.api.push.PushRefusedException;
import io.patchbay.crypto.api.push.PushUrgency;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides about one push event, every check failing closed: crypto's {@link PushOpener} (size, HPKE open with the
 * client's current sealing key, key in the trusted root, signature, audience, action, time window with the allowed
 * skew), then the counter ({@link PushCounter}), then the token bucket of its action ({@link PushBucket}; over it
 * the push is dropped, its counter advanced in memory), then the counter is recorded durably. One bucket per action:
 * "report home" and "check now" are separate operator intents, so a fleet-wide report home does not use up the
 * check now an operator sends a minute later (nor the reverse); a flood of one action costs at most its bucket's
 * checks, a mixed flood at most both buckets'. Only then the action runs: {@code CHECK_NOW} and
 * {@code REPORT_HOME} both through the agent's scheduled check (the check-in is the heartbeat that reports the
 * running patch level; policy applies as for any check), at once when URGENT, else after a random delay up to
 * {@code normalSpread} so a fleet-wide push does not arrive at the server as one wave.
 *
 * <p>Each refusal is counted under its code ({@link PushStats}) and logged the first time its kind occurs; besides
 * crypto's codes the agent has {@code counter_reset} and {@code counter_unavailable} (see {@link PushCounter}).
 */
final class PushGate implements Consumer<String> {
    static final String COUNTER_RESET = "counter_reset";
    static final String COUNTER_UNAVAILABLE = "counter_unavailable";

    /** What an accepted push does to the agent. */
    interface Actions {
        /** CHECK_NOW: the scheduled check, within {@code delay}. */
        void check(Duration delay);

        /** REPORT_HOME: a heartbeat (check-in), within {@code delay}. */
        void reportHome(Duration delay);
    }

    private final Supplier<Optional<ClientIdentity>> identity;
    private final Supplier<List<String>> pushKeys;
    private final PushCounter counter;
    private final Map<PushAction, PushBucket> buckets;
    private final Actions actions;
    private final PushStats stats;
    private final StatusLog log;
    private final Clock clock;
    private final Duration skew;
    private final Duration normalSpread;
    private final Random random;
    private boolean rateLimitLogged;
    /** The opener for the identity and keys it was made for (rebuilt when either changes). */
    private PushOpener opener;
    private ClientIdentity openerIdentity;
    private List<String> openerKeys;

    /** @param buckets one per action (see the class comment) */
    PushGate(Supplier<Optional<ClientIdentity>> identity, Supplier<List<String>> pushKeys, PushCounter counter,
             Map<PushAction, PushBucket> buckets, Actions actions, PushStats stats, StatusLog log, Clock clock, Duration skew,
             Duration normalSpread, Random random) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.pushKeys = Objects.requireNonNull(pushKeys, "pushKeys");
        this.counter = Objects.requireNonNull(counter, "counter");
        this.buckets = Map.copyOf(buckets);
        if (!this.buckets.keySet().containsAll(java.util.EnumSet.allOf(PushAction.class))) {
            throw new IllegalArgumentException("a bucket for every action is needed: " + buckets.keySet());
        }
        this.actions = Objects.requireNonNull(actions, "actions");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.normalSpread = Objects.requireNonNull(normalSpread, "normalSpread");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public synchronized void accept(String data) {
        PushMessage message;
        try {
            message = opener().open(data);
        } catch (PushRefusedException e) {
            refuse(e.reason().code(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            // a parse path crypto did not foresee: still a refusal, never an accepted push
            refuse(PushRefusal.MALFORMED.code(), "unexpected " + e);
            return;
        }
        if (!counterAccepts(message, counter.check(message.counter(), message.issuedAt()))) {
            return;
        }
        if (!buckets.get(message.action()).tryTake()) {
            counter.remember(message.counter());
            stats.dropped();
            if (!rateLimitLogged) {
                rateLimitLogged = true;
                log.warn("push dropped (" + PushRefusal.RATE_LIMITED.code() + "): over the push rate limit;"
                        + " further drops are counted (push.dropped), not logged");
            }
            return;
        }
        if (!counterAccepts(message, counter.record(message.counter()))) {
            return;
        }
        stats.accepted();
        Duration delay = message.urgency() == PushUrgency.URGENT || normalSpread.isZero() ? Duration.ZERO
                : Duration.ofMillis((long) (random.nextDouble() * normalSpread.toMillis()));
        switch (message.action()) {
            case CHECK_NOW -> actions.check(delay);
            case REPORT_HOME -> actions.reportHome(delay);
        }
    }

    /** True for ACCEPTED; otherwise the refusal is counted (and logged the first time). */
    private boolean counterAccepts(PushMessage message, PushCounter.Verdict verdict) {
        switch (verdict) {
            case REPLAYED -> {
                refuse(PushRefusal.REPLAYED.code(), "counter " + Long.toUnsignedString(message.counter())
                        + " was accepted before");
                return false;
            }
            case STALE_COUNTER -> {
                refuse(PushRefusal.STALE_COUNTER.code(), "counter " + Long.toUnsignedString(message.counter())
                        + " is below the last accepted");
                return false;
            }
            case COUNTER_RESET -> {
                refuse(COUNTER_RESET, "issued at " + message.issuedAt() + ", before the push counter was (re)made"
                        + " plus the allowed skew");
                return false;
            }
            case COUNTER_UNAVAILABLE -> {
                refuse(COUNTER_UNAVAILABLE, "the push counter cannot be read or recorded durably");
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    private void refuse(String code, String why) {
        if (stats.refused(code)) {
            log.warn("push refused (" + code + "): " + why + "; further refusals of this kind are counted"
                    + " (push.refused." + code + "), not logged");
        }
    }

    private PushOpener opener() throws PushRefusedException {
        ClientIdentity me = identity.get().filter(ClientIdentity::enrolled).orElse(null);
        if (me == null) {
            throw new PushRefusedException(PushRefusal.UNOPENABLE, "the agent has no enrolled identity");
        }
        List<String> keys = List.copyOf(pushKeys.get());
        if (opener == null || me != openerIdentity || !keys.equals(openerKeys)) {
            List<SigningPublicKey> trusted = new ArrayList<>();
            for (String key : keys) {
                trusted.add(SigningPublicKey.fromBase64Url(key));
            }
            opener = new PushOpener(me.sealing(), me.clientId(), trusted, clock, skew);
            openerIdentity = me;
            openerKeys = keys;
        }
        return opener;
    }
}
