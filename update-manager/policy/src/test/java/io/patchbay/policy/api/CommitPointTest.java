package io.patchbay.policy.api;

import io.patchbay.policy.api.CommitPoint.Outcome;
import io.patchbay.policy.api.Decision.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.patchbay.policy.api.EngineFixture.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AFTER_COMMIT: the swap runs inside the host's commit point, on the host's thread, and never before it. */
class CommitPointTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theSwapRunsRightAfterTheCommitPointAndNotBefore() {
        PendingUpdate u = update(UpdatePolicy.afterCommit(), UpdateAction.soft());
        f.ready(u);
        for (int i = 0; i < 3; i++) {
            Decision d = f.tick();
            assertEquals(Verdict.WAIT, d.verdict());
            assertEquals("waiting for the host's commit point", d.reason());
            f.advance(Duration.ofHours(5));
        }
        assertTrue(f.swaps.isEmpty(), "ticks never swap under AFTER_COMMIT");

        // The host's unit of work: commit, then the commit point; the next unit starts on the new level.
        List<String> hostLog = new java.util.ArrayList<>();
        hostLog.add("transaction committed");
        Outcome outcome = f.commitPoint.reached();
        hostLog.add("next unit of work");

        assertEquals(Outcome.SWAPPED, outcome);
        assertEquals(List.of(u), f.swaps);
        assertSame(Thread.currentThread(), f.swapThreads.get(0), "on the host's thread, synchronously");
        assertEquals(Verdict.NONE, f.tick().verdict(), "concluded before reached() returned");
        assertEquals(1, f.events(PolicyEvent.Type.SWAP_SUCCEEDED));
        assertEquals(Outcome.NOTHING_PENDING, f.commitPoint.reached());
        assertEquals(1, f.swaps.size());
    }

    @Test
    void aCommitPointDoesNothingBeforeTheDownloadOrOutsideAWindow() {
        MaintenanceWindow evening = MaintenanceWindow.daily(LocalTime.of(18, 0), Duration.ofHours(1), ZoneOffset.UTC);
        f.engine.offer(update(UpdatePolicy.afterCommit(), UpdateAction.soft()).withWindows(List.of(evening)));
        assertEquals(Outcome.NOT_NOW, f.commitPoint.reached(), "not downloaded");
        f.engine.downloaded();
        assertEquals(Outcome.NOT_NOW, f.commitPoint.reached(), "outside the window");
        f.advance(Duration.ofHours(8));
        assertEquals(Outcome.SWAPPED, f.commitPoint.reached());
        assertEquals(1, f.swaps.size());
    }

    @Test
    void otherPoliciesLeaveTheCommitPointAlone() {
        f.host.idle = () -> false;
        f.ready(update(UpdatePolicy.whenIdle(), UpdateAction.soft()));
        assertEquals(Outcome.NOTHING_PENDING, f.commitPoint.reached());
        assertTrue(f.swaps.isEmpty());
    }

    @Test
    void aFailedOrThrowingSwapIsReportedAndNeverReachesTheHost() {
        f.swapResult = u -> CompletableFuture.completedFuture(false);
        f.ready(update(UpdatePolicy.afterCommit(), UpdateAction.soft()));
        assertEquals(Outcome.SWAP_FAILED, f.commitPoint.reached());
        assertEquals(1, f.events(PolicyEvent.Type.SWAP_FAILED));

        f.swapResult = u -> {
            throw new IllegalStateException("queue full");
        };
        f.ready(update(UpdatePolicy.afterCommit(), UpdateAction.soft()));
        assertEquals(Outcome.SWAP_FAILED, f.commitPoint.reached());
        assertEquals("swap runner threw java.lang.IllegalStateException: queue full", f.report().history().stream()
                .filter(e -> e.type() == PolicyEvent.Type.SWAP_FAILED).findFirst().orElseThrow().detail());
    }

    @Test
    void whileTheSwapRunsTicksAndOtherCommitPointsDoNotStartAnother() throws Exception {
        CountDownLatch inSwap = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        f.swapResult = u -> {
            inSwap.countDown();
            await(release);
            return CompletableFuture.completedFuture(true);
        };
        f.ready(update(UpdatePolicy.afterCommit(), UpdateAction.soft()));
        ExecutorService hostThread = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> first = hostThread.submit(f.commitPoint::reached);
            assertTrue(inSwap.await(10, TimeUnit.SECONDS));
            assertEquals("a swap to level-2 is running", f.tick().reason());
            assertEquals(Outcome.NOT_NOW, f.commitPoint.reached(), "a second request thread does not swap again");
            release.countDown();
            assertEquals(Outcome.SWAPPED, first.get(10, TimeUnit.SECONDS));
            assertEquals(1, f.swaps.size());
        } finally {
            release.countDown();
            hostThread.shutdownNow();
        }
    }

    @Test
    void aSwapOutlastingTheWaitFreesTheHostAndIsStillRecorded() {
        EngineFixture g = new EngineFixture();
        CompletableFuture<Boolean> slow = new CompletableFuture<>();
        PolicyEngine engine = PolicyEngine.builder().clock(g.clock).callbackExecutor(Runnable::run)
                .pollWait(Duration.ZERO).commitSwapWait(Duration.ofMillis(1))
                .commitPoint(g.commitPoint, u -> slow).build();
        try {
            engine.offer(update(UpdatePolicy.afterCommit(), UpdateAction.soft()));
            engine.downloaded();
            assertEquals(Outcome.SWAP_TIMED_OUT, g.commitPoint.reached());
            assertEquals(Verdict.WAIT, engine.tick().verdict());
            slow.complete(true);
            assertEquals(Verdict.NONE, engine.tick().verdict());
            assertTrue(engine.report().orElseThrow().history().stream()
                    .anyMatch(e -> e.type() == PolicyEvent.Type.SWAP_SUCCEEDED));
        } finally {
            engine.close();
            g.close();
        }
    }

    @Test
    void withoutACommitPointAfterCommitWaitsAndSaysWhy() {
        EngineFixture g = new EngineFixture(Runnable::run, true);
        g.ready(update(UpdatePolicy.afterCommit(), UpdateAction.soft()));
        assertEquals("the host offers no commit point; waiting", g.tick().reason());
        g.close();
    }

    @Test
    void aClosedEngineLeavesTheCommitPoint() {
        f.ready(update(UpdatePolicy.afterCommit(), UpdateAction.soft()));
        f.engine.close();
        assertEquals(Outcome.NOTHING_PENDING, f.commitPoint.reached());
        assertTrue(f.swaps.isEmpty());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
