package io.patchbay.policy.api;

import io.patchbay.policy.api.Decision.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static io.patchbay.policy.api.EngineFixture.T0;
import static io.patchbay.policy.api.EngineFixture.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DEADLINE: warnings ahead of time, and the operator's choice enforced at expiry. */
class DeadlineTest {

    private static final Instant AT = T0.plus(Duration.ofDays(2));
    private static final List<Duration> LEADS = List.of(Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(5));

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static UpdatePolicy deadline(OnExpiry onExpiry) {
        return UpdatePolicy.deadline(new Deadline(AT, LEADS, onExpiry));
    }

    @Test
    void warningsComeAtTheirLeadTimesOnceEach() {
        f.host.answer = () -> FakeHost.now(UserChoice.DEFER);
        f.ready(update(deadline(OnExpiry.shutDown()), UpdateAction.soft()));
        f.tick();
        assertTrue(f.host.warnings.isEmpty());

        f.clock.set(AT.minus(Duration.ofDays(1)).minusSeconds(1));
        Decision before = f.tick();
        assertTrue(f.host.warnings.isEmpty());
        assertEquals(AT.minus(Duration.ofDays(1)), before.recheckAt().orElseThrow(), "the next warning is worth a tick");
        f.advance(Duration.ofSeconds(1));
        f.tick();
        f.tick();
        assertEquals(1, f.host.warnings.size());
        assertEquals(new DeadlineWarning("level-2", AT, Duration.ofDays(1), OnExpiry.shutDown()), f.host.warnings.get(0));

        f.clock.set(AT.minus(Duration.ofMinutes(50)));
        f.tick();
        assertEquals(Duration.ofMinutes(50), f.host.warnings.get(1).remaining());
        f.clock.set(AT.minus(Duration.ofMinutes(2)));
        f.tick();
        assertEquals(Duration.ofMinutes(2), f.host.warnings.get(2).remaining());
        assertEquals(3, f.host.warnings.size());
        assertEquals(LEADS, f.report().warningsSent());
        assertTrue(f.host.shutDowns.isEmpty(), "nothing enforced before the deadline");
    }

    @Test
    void leadsAlreadyPassedWhenOfferedGiveOneWarningNotABurst() {
        Deadline soon = new Deadline(T0.plus(Duration.ofMinutes(30)), LEADS, OnExpiry.shutDown());
        f.engine.offer(update(UpdatePolicy.deadline(soon), UpdateAction.soft()));
        f.tick();
        assertEquals(1, f.host.warnings.size());
        assertEquals(Duration.ofMinutes(30), f.host.warnings.get(0).remaining());
        assertEquals(List.of(Duration.ofDays(1), Duration.ofHours(1)), f.report().warningsSent());
    }

    @Test
    void atExpiryTheNamedFeaturesAreDisabledOnceThenTheUpdateIsForced() {
        f.host.answer = () -> FakeHost.now(UserChoice.DEFER);
        f.host.onDisable = () -> { };
        f.ready(update(deadline(OnExpiry.disableFeatures(Set.of("export", "reports"))), UpdateAction.soft()));
        f.tick();
        f.clock.set(AT.minusMillis(1));
        assertEquals(Verdict.WAIT, f.tick().verdict());
        assertTrue(f.host.disabled.isEmpty());

        f.clock.set(AT);
        Decision d = f.tick();
        assertEquals(Verdict.ENFORCE_DEADLINE, d.verdict());
        assertEquals(OnExpiry.disableFeatures(Set.of("export", "reports")), d.enforced().orElseThrow());
        assertEquals("level level-2 not reached by the deadline " + AT, d.reason());
        assertEquals(List.of(Set.of("export", "reports")), f.host.disabled);
        assertTrue(f.report().enforced());

        // The user's chance to defer is over: the next tick swaps without asking.
        int asked = f.host.offers.size();
        Decision next = f.tick();
        assertEquals(Verdict.APPLY_NOW, next.verdict());
        assertEquals(asked, f.host.offers.size());
        assertEquals(1, f.host.callsOf("disableFeatures").size());
    }

    @Test
    void atExpiryTheHostIsShutDownIfTheOperatorChoseSo() {
        f.host.onShutDown = () -> { };
        f.engine.offer(update(deadline(OnExpiry.shutDown()), UpdateAction.soft())); // never even downloaded
        f.clock.set(AT.plus(Duration.ofHours(3)));
        Decision d = f.tick();
        assertEquals(Verdict.ENFORCE_DEADLINE, d.verdict());
        assertEquals(1, f.host.shutDowns.size());
        assertTrue(f.host.shutDowns.get(0).contains("not reached by the deadline"));
        assertEquals(Verdict.WAIT, f.tick().verdict());
        assertEquals(1, f.host.shutDowns.size(), "enforced once");
    }

    @Test
    void enforcementIgnoresMaintenanceWindows() {
        f.host.onShutDown = () -> { };
        MaintenanceWindow never = MaintenanceWindow.daily(LocalTime.of(3, 0), Duration.ofMinutes(1), ZoneOffset.UTC);
        f.ready(update(deadline(OnExpiry.shutDown()), UpdateAction.soft()).withWindows(List.of(never)));
        f.clock.set(LocalTime.NOON.atDate(AT.atZone(ZoneOffset.UTC).toLocalDate()).toInstant(ZoneOffset.UTC));
        assertEquals(Verdict.ENFORCE_DEADLINE, f.tick().verdict());
        assertEquals(Verdict.WAIT, f.tick().verdict(), "the swap itself still waits for the window");
    }

    @Test
    void reachingTheLevelInTimeMeansNoEnforcement() {
        f.host.onShutDown = () -> { };
        f.host.answer = () -> FakeHost.now(UserChoice.ACCEPT);
        f.ready(update(deadline(OnExpiry.shutDown()), UpdateAction.soft()));
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
        f.engine.swapFinished(true, "committed");
        f.clock.set(AT.plus(Duration.ofDays(1)));
        assertEquals(Verdict.NONE, f.tick().verdict());
        assertTrue(f.host.shutDowns.isEmpty());
        assertFalse(f.report().enforced());
    }

    @Test
    void aHostThatCannotEnforceIsReportedNotRetriedForever() {
        f.ready(update(deadline(OnExpiry.disableFeatures(Set.of("export"))), UpdateAction.soft()));
        f.clock.set(AT);
        Decision d = f.tick();
        assertEquals(Verdict.ENFORCE_DEADLINE, d.verdict());
        assertTrue(d.reason().endsWith("enforcement failed: disableFeatures not implemented by the host"), d.reason());
        assertFalse(f.report().enforced());
        assertEquals(1, f.events(PolicyEvent.Type.ENFORCEMENT_FAILED));
        f.tick();
        assertEquals(1, f.host.callsOf("disableFeatures").size());
    }

    @Test
    void aThrowingEnforcementIsRetriedABoundedNumberOfTimes() {
        f.host.onShutDown = () -> {
            throw new IllegalStateException("cannot stop now");
        };
        f.ready(update(deadline(OnExpiry.shutDown()), UpdateAction.soft()));
        f.clock.set(AT);
        assertEquals(Verdict.WAIT, f.tick().verdict());
        assertEquals(Verdict.WAIT, f.tick().verdict());
        Decision last = f.tick();
        assertEquals(Verdict.ENFORCE_DEADLINE, last.verdict());
        assertTrue(last.reason().contains("shutDown threw java.lang.IllegalStateException: cannot stop now"), last.reason());
        f.tick();
        assertEquals(3, f.host.callsOf("shutDown").size());
        assertFalse(f.report().enforced());
    }

    @Test
    void whenIdleWithADeadlineWaitsForIdlenessUntilTheDeadline() {
        f.host.onDisable = () -> { };
        UpdatePolicy p = UpdatePolicy.whenIdle().withDeadline(new Deadline(AT, List.of(), OnExpiry.disableFeatures(Set.of("x"))));
        f.ready(update(p, UpdateAction.soft()));
        Decision d = f.tick();
        assertEquals("the host does not report idleness; never swapping unannounced; waiting for the deadline", d.reason());
        assertEquals(AT, d.recheckAt().orElseThrow());
        f.clock.set(AT);
        assertEquals(Verdict.ENFORCE_DEADLINE, f.tick().verdict());
    }
}
