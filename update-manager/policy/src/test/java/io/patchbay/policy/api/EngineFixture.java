package io.patchbay.policy.api;

import io.patchbay.testsupport.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An engine on a hand-moved clock whose host callbacks run inline (a direct executor, no poll wait), so
 * every test is deterministic and never sleeps. Tests about hung callbacks pass a real executor instead.
 */
class EngineFixture implements AutoCloseable {

    /** A Monday, 10:00 UTC (12:00 in Berlin). */
    static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final FakeHost host = new FakeHost();
    final CommitPoint commitPoint = new CommitPoint();
    final List<PendingUpdate> swaps = new CopyOnWriteArrayList<>();
    final List<Thread> swapThreads = new CopyOnWriteArrayList<>();
    volatile Function<PendingUpdate, CompletionStage<Boolean>> swapResult = u -> CompletableFuture.completedFuture(true);
    final PolicyEngine engine;

    EngineFixture() {
        this(Runnable::run, false);
    }

    EngineFixture(Executor callbackExecutor, boolean withoutCommitPoint) {
        PolicyEngine.Builder b = PolicyEngine.builder()
                .clock(clock)
                .callbacks(host)
                .callbackExecutor(callbackExecutor)
                .pollWait(Duration.ZERO)
                .commitSwapWait(Duration.ofSeconds(10));
        if (!withoutCommitPoint) {
            b.commitPoint(commitPoint, u -> {
                swaps.add(u);
                swapThreads.add(Thread.currentThread());
                return swapResult.apply(u);
            });
        }
        engine = b.build();
    }

    static PendingUpdate update(UpdatePolicy policy, UpdateAction action) {
        return PendingUpdate.of("level-2", policy, action);
    }

    /** Offers and marks downloaded: most tests are about what happens once the bytes are ready. */
    void ready(PendingUpdate update) {
        engine.offer(update);
        engine.downloaded();
    }

    Decision tick() {
        return engine.tick();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    PolicyReport report() {
        return engine.report().orElseThrow();
    }

    long events(PolicyEvent.Type type) {
        return report().history().stream().filter(e -> e.type() == type).count();
    }

    @Override
    public void close() {
        engine.close();
    }
}
