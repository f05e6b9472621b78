package io.patchbay.policy.api;

import io.patchbay.policy.api.Decision.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static io.patchbay.policy.api.EngineFixture.T0;
import static io.patchbay.policy.api.EngineFixture.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NOW, WHEN_IDLE, the action types and maintenance windows, as the agent sees them tick by tick. */
class PolicyEngineTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void nothingPendingMeansNothingToDo() {
        Decision d = f.tick();
        assertEquals(Verdict.NONE, d.verdict());
        assertFalse(d.mayDownload());
        assertTrue(f.engine.report().isEmpty());
    }

    @Test
    void nowAppliesOnceDownloadedAndConcludesWhenTheSwapFinished() {
        f.engine.offer(update(UpdatePolicy.now(), UpdateAction.soft()));
        Decision waiting = f.tick();
        assertEquals(Verdict.WAIT, waiting.verdict());
        assertEquals("download not finished", waiting.reason());
        assertTrue(waiting.mayDownload());

        f.engine.downloaded();
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
        Decision during = f.tick();
        assertEquals(Verdict.WAIT, during.verdict(), "one APPLY_NOW per swap");
        assertEquals("a swap to level-2 is running", during.reason());
        assertThrows(IllegalStateException.class, () -> f.engine.offer(update(UpdatePolicy.now(), UpdateAction.soft())));

        f.engine.swapFinished(true, "committed level-2");
        assertEquals(Verdict.NONE, f.tick().verdict());
        assertEquals(1, f.events(PolicyEvent.Type.SWAP_SUCCEEDED), "the last report stays readable");
        assertTrue(f.report().history().stream().anyMatch(e -> e.detail().equals("APPLY_NOW: policy NOW")));
    }

    @Test
    void aFailedSwapConcludesTheUpdateRatherThanRetryingIt() {
        f.ready(update(UpdatePolicy.now(), UpdateAction.forced()));
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
        f.engine.swapFinished(false, "health check failed");
        assertEquals(Verdict.NONE, f.tick().verdict());
        assertEquals("health check failed", f.report().history().stream()
                .filter(e -> e.type() == PolicyEvent.Type.SWAP_FAILED).findFirst().orElseThrow().detail());
    }

    @Test
    void maintenanceWindowsGateTheSwapButNotTheDownload() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        MaintenanceWindow night = MaintenanceWindow.daily(LocalTime.of(2, 0), Duration.ofHours(2), berlin);
        f.engine.offer(update(UpdatePolicy.now(), UpdateAction.forced()).withWindows(List.of(night)));
        f.engine.downloaded(); // outside the window: downloads are allowed at any time
        Decision d = f.tick();
        assertEquals(Verdict.WAIT, d.verdict());
        assertTrue(d.mayDownload());
        // T0 is 12:00 in Berlin (CEST); the window opens at 02:00 CEST = 00:00Z the next day.
        assertEquals("outside maintenance windows; next opens at 2026-06-02T00:00:00Z", d.reason());
        assertEquals(T0.plus(Duration.ofHours(14)), d.recheckAt().orElseThrow());

        f.clock.set(d.recheckAt().orElseThrow().minusSeconds(1));
        assertEquals(Verdict.WAIT, f.tick().verdict());
        f.advance(Duration.ofSeconds(1));
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
    }

    @Test
    void whenIdleWaitsWhileTheHostIsBusy() {
        f.host.idle = () -> false;
        f.ready(update(UpdatePolicy.whenIdle(), UpdateAction.soft()));
        Decision busy = f.tick();
        assertEquals(Verdict.WAIT, busy.verdict());
        assertEquals("the host is busy", busy.reason());
        assertEquals(T0.plusSeconds(30), busy.recheckAt().orElseThrow());
        f.advance(Duration.ofSeconds(30));
        assertEquals(Verdict.WAIT, f.tick().verdict());
        f.host.idle = () -> true;
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
        assertEquals(1, f.events(PolicyEvent.Type.DECISION) - 1, "identical WAITs are recorded once");
    }

    @Test
    void whenIdleWithoutIdlenessReportsNeverSwapsUnannounced() {
        f.ready(update(UpdatePolicy.whenIdle(), UpdateAction.forced()));
        for (int i = 0; i < 5; i++) {
            Decision d = f.tick();
            assertEquals(Verdict.WAIT, d.verdict());
            assertEquals("the host does not report idleness; never swapping unannounced; waiting", d.reason());
            assertTrue(d.recheckAt().isEmpty(), "only a new deployment can change this");
            f.advance(Duration.ofDays(3));
        }
        assertEquals(1, f.events(PolicyEvent.Type.CALLBACK_NOT_IMPLEMENTED));
    }

    @Test
    void downloadOnlyNeverApplies() {
        f.ready(update(UpdatePolicy.now(), UpdateAction.downloadOnly()));
        for (int i = 0; i < 4; i++) {
            Decision d = f.tick();
            assertEquals(Verdict.DOWNLOAD_ONLY, d.verdict());
            assertTrue(d.mayDownload());
            f.advance(Duration.ofDays(30));
        }
        f.ready(update(UpdatePolicy.afterCommit(), UpdateAction.downloadOnly()));
        assertEquals(CommitPoint.Outcome.NOT_NOW, f.commitPoint.reached());
        assertTrue(f.swaps.isEmpty());
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.downloadOnly()));
        assertEquals(Verdict.DOWNLOAD_ONLY, f.tick().verdict());
        assertTrue(f.host.calls.isEmpty(), "nobody is asked about an update that will not be applied");
    }

    @Test
    void timeForcedIsSoftUntilItsTimeThenForced() {
        f.host.answer = () -> FakeHost.now(UserChoice.DEFER);
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.timeForced(T0.plus(Duration.ofMinutes(90)))));
        Decision deferred = f.tick();
        assertEquals(Verdict.WAIT, deferred.verdict());
        assertEquals(T0.plus(Duration.ofHours(1)), deferred.recheckAt().orElseThrow(), "the re-ask comes first");
        f.advance(Duration.ofHours(1));
        assertEquals(Verdict.WAIT, f.tick().verdict());
        assertEquals(2, f.report().deferrals());
        assertEquals(T0.plus(Duration.ofMinutes(90)), f.report().lastDecision().recheckAt().orElseThrow(),
                "then the switch to forced");
        f.advance(Duration.ofMinutes(30));
        Decision forced = f.tick();
        assertEquals(Verdict.APPLY_NOW, forced.verdict());
        assertEquals("forced: the user is not asked", forced.reason());
        assertEquals(2, f.host.callsOf("askUser").size());
    }

    @Test
    void forcedSkipsTheQuestionButNotTheSafetyGates() {
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.forced()));
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
        assertTrue(f.host.calls.isEmpty());

        EngineFixture g = new EngineFixture();
        g.host.idle = () -> false;
        g.ready(update(UpdatePolicy.whenIdle(), UpdateAction.forced()));
        assertEquals("the host is busy", g.tick().reason());
        g.ready(update(UpdatePolicy.afterCommit(), UpdateAction.forced()));
        assertEquals("waiting for the host's commit point", g.tick().reason());
        g.close();
    }

    @Test
    void aDeadlineInThePastIsRefusedAtOffer() {
        Deadline past = new Deadline(T0.minusSeconds(1), List.of(), OnExpiry.shutDown());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.engine.offer(update(UpdatePolicy.deadline(past), UpdateAction.soft())));
        assertEquals("deadline 2026-06-01T09:59:59Z is not after now (2026-06-01T10:00:00Z): "
                + "a deadline must leave the host time to update", e.getMessage());
        Deadline exactlyNow = new Deadline(T0, List.of(), OnExpiry.shutDown());
        assertThrows(IllegalArgumentException.class,
                () -> f.engine.offer(update(UpdatePolicy.now().withDeadline(exactlyNow), UpdateAction.soft())));
        assertEquals(Verdict.NONE, f.tick().verdict(), "nothing was taken on");
    }

    @Test
    void aNewOfferReplacesThePendingOneAndCancelDropsIt() {
        f.engine.offer(update(UpdatePolicy.now(), UpdateAction.soft()));
        f.engine.offer(PendingUpdate.of("level-3", UpdatePolicy.now(), UpdateAction.soft()));
        assertEquals("level-3", f.report().targetLevel());
        assertTrue(f.engine.cancel());
        assertFalse(f.engine.cancel());
        assertEquals(Verdict.NONE, f.tick().verdict());
        assertEquals(1, f.events(PolicyEvent.Type.CANCELLED));
    }

    @Test
    void anUnchangingWaitDoesNotGrowTheHistory() {
        f.host.idle = () -> false;
        f.ready(update(UpdatePolicy.whenIdle(), UpdateAction.soft()));
        for (int i = 0; i < 10_000; i++) {
            f.tick();
            f.advance(Duration.ofSeconds(1));
        }
        assertTrue(f.report().history().size() < 10, "history: " + f.report().history());
        assertEquals(0, f.report().droppedEvents());
    }
}
