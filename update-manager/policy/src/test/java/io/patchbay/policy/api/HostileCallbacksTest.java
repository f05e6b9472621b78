package io.patchbay.policy.api;

import io.patchbay.policy.api.Decision.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.patchbay.policy.api.EngineFixture.T0;
import static io.patchbay.policy.api.EngineFixture.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Host callbacks that throw or hang: the agent's tick never throws and never blocks, a failure counts as
 * "not now" and is reported, and a hung callback is not called again until it returns. The hung ones run
 * on real threads parked on a latch; the timeouts themselves are driven by the hand-moved clock.
 */
class HostileCallbacksTest {

    private final CountDownLatch release = new CountDownLatch(1);
    /** Counted down by a hung callback once its thread is inside host code. */
    private final CountDownLatch entered = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        release.countDown();
        threads.shutdownNow();
        f.close();
    }

    private void hang() {
        entered.countDown();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Enforcement runs on a real thread here: the tick either collects its answer at once or says "the host
     * is enforcing" until it arrives, within moments (the clock does not move, so it cannot time out).
     */
    private static Decision tickUntilEnforced(EngineFixture g) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Decision d = g.tick();
            while (d.verdict() != Verdict.ENFORCE_DEADLINE) {
                assertEquals("the host is enforcing the deadline", d.reason());
                Thread.onSpinWait();
                d = g.tick();
            }
            return d;
        });
    }

    private boolean awaitEntered() {
        try {
            return entered.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private EngineFixture onRealThreads() {
        f.close();
        f = new EngineFixture(threads, false);
        return f;
    }

    @Test
    void aThrowingIdlenessCheckCountsAsBusyAndIsReported() {
        f.host.idle = () -> {
            throw new IllegalStateException("pool stats unavailable");
        };
        f.ready(update(UpdatePolicy.whenIdle(), UpdateAction.soft()));
        Decision d = f.tick();
        assertEquals(Verdict.WAIT, d.verdict());
        assertEquals("isIdle threw java.lang.IllegalStateException: pool stats unavailable; treated as busy", d.reason());
        assertEquals(1, f.events(PolicyEvent.Type.CALLBACK_FAILED));
        f.host.idle = () -> true;
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
    }

    @Test
    void evenAnErrorFromTheHostStaysTheHosts() {
        f.host.idle = () -> {
            throw new StackOverflowError();
        };
        f.ready(update(UpdatePolicy.whenIdle(), UpdateAction.soft()));
        assertEquals("isIdle threw java.lang.StackOverflowError; treated as busy", f.tick().reason());
    }

    @Test
    void aHungIdlenessCheckTimesOutByTheClockAndIsNotCalledAgainWhileHung() {
        EngineFixture g = onRealThreads();
        g.host.idle = () -> {
            hang();
            return true;
        };
        g.ready(update(UpdatePolicy.whenIdle(), UpdateAction.soft()));
        Decision pending = assertTimeoutPreemptively(Duration.ofSeconds(5), g::tick, "the tick never blocks");
        assertEquals("waiting for isIdle to answer", pending.reason());
        assertEquals(T0.plusSeconds(5), pending.recheckAt().orElseThrow(), "the callback bound, on the engine's clock");
        g.advance(Duration.ofSeconds(5));
        Decision timedOut = g.tick();
        assertEquals("isIdle did not answer by " + T0.plusSeconds(5) + "; treated as busy", timedOut.reason());
        g.advance(Duration.ofMinutes(1));
        Decision stillHung = g.tick();
        assertEquals("an earlier isIdle call has not returned; treated as busy", stillHung.reason());
        assertTrue(awaitEntered());
        assertEquals(1, g.host.callsOf("isIdle").size(), "one stuck thread at most");
        assertEquals(2, g.events(PolicyEvent.Type.CALLBACK_TIMED_OUT), "the timeout, then the refusal to call again");
    }

    @Test
    void aThrowingOrNullAnswerFromAskUserIsNotADeferralButIsAskedAgainLater() {
        f.host.answer = () -> {
            throw new IllegalStateException("no UI attached");
        };
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.soft()));
        Decision d = f.tick();
        assertEquals("askUser threw java.lang.IllegalStateException: no UI attached; asking again at "
                + T0.plus(Duration.ofHours(1)), d.reason());
        assertEquals(0, f.report().deferrals());

        f.host.answer = () -> null;
        f.advance(Duration.ofHours(1));
        assertTrue(f.tick().reason().startsWith("askUser threw java.lang.IllegalStateException: askUser returned null"));

        f.host.answer = () -> CompletableFuture.failedFuture(new RuntimeException("dialog crashed"));
        f.advance(Duration.ofHours(1));
        assertTrue(f.tick().reason().startsWith("askUser threw java.lang.RuntimeException: dialog crashed"));
        assertEquals(3, f.host.callsOf("askUser").size());
    }

    @Test
    void aHungAskUserCallDoesNotBlockTheDeadline() {
        EngineFixture g = onRealThreads();
        g.host.answer = () -> {
            hang();
            return FakeHost.now(UserChoice.ACCEPT);
        };
        g.host.onShutDown = () -> { };
        Instant at = T0.plus(Duration.ofHours(2));
        g.ready(update(UpdatePolicy.deadline(new Deadline(at, List.of(), OnExpiry.shutDown())), UpdateAction.soft()));
        assertEquals(Verdict.ASK, assertTimeoutPreemptively(Duration.ofSeconds(5), g::tick).verdict());
        g.clock.set(at);
        assertEquals(Verdict.ENFORCE_DEADLINE, tickUntilEnforced(g).verdict());
        assertEquals(1, g.host.shutDowns.size());
    }

    @Test
    void aHungShutDownIsGivenUpAfterItsBoundAndReported() {
        EngineFixture g = onRealThreads();
        g.host.onShutDown = this::hang;
        Instant at = T0.plus(Duration.ofHours(2));
        g.ready(update(UpdatePolicy.deadline(new Deadline(at, List.of(), OnExpiry.shutDown())), UpdateAction.soft()));
        g.clock.set(at);
        Decision pending = assertTimeoutPreemptively(Duration.ofSeconds(5), g::tick);
        assertEquals("the host is enforcing the deadline", pending.reason());
        assertEquals(at.plusSeconds(5), pending.recheckAt().orElseThrow());
        g.advance(Duration.ofSeconds(5));
        Decision over = g.tick();
        assertEquals(Verdict.ENFORCE_DEADLINE, over.verdict());
        assertTrue(over.reason().endsWith("enforcement failed: shutDown did not answer by " + at.plusSeconds(5)), over.reason());
        assertEquals(1, g.events(PolicyEvent.Type.ENFORCEMENT_FAILED));
        g.tick();
        assertTrue(awaitEntered());
        assertEquals(1, g.host.callsOf("shutDown").size());
    }

    @Test
    void aThrowingOrHungWarningIsReportedAndDoesNotStopEnforcement() {
        EngineFixture g = onRealThreads();
        g.host.onWarning = this::hang;
        g.host.onDisable = () -> { };
        Instant at = T0.plus(Duration.ofHours(2));
        Deadline d = new Deadline(at, List.of(Duration.ofHours(1), Duration.ofMinutes(10)),
                OnExpiry.disableFeatures(Set.of("export")));
        g.ready(update(UpdatePolicy.askUser().withDeadline(d), UpdateAction.soft()));
        g.clock.set(at.minus(Duration.ofHours(1)));
        assertTimeoutPreemptively(Duration.ofSeconds(5), g::tick);
        g.clock.set(at.minus(Duration.ofMinutes(10)));
        assertTimeoutPreemptively(Duration.ofSeconds(5), g::tick);
        assertTrue(g.events(PolicyEvent.Type.CALLBACK_TIMED_OUT) >= 1, g.report().history().toString());
        assertEquals(List.of(Duration.ofHours(1), Duration.ofMinutes(10)), g.report().warningsSent());
        g.clock.set(at);
        assertEquals(Verdict.ENFORCE_DEADLINE, tickUntilEnforced(g).verdict());
        assertEquals(List.of(Set.of("export")), g.host.disabled);
    }
}
