package io.patchbay.agent.impl.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.HealthReport;
import io.patchbay.framework.api.HealthReport.Failure;
import io.patchbay.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health facts of a check-in: UP or DOWN with the failing names, bounded in time and in size. */
class HealthProbeTest {
    static final Instant RAN = Instant.parse("2030-01-01T00:00:00Z");
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:05:00Z"));
    FakePatchService patches = new FakePatchService();
    RecordingLog log = new RecordingLog();
    HealthProbe probe = new HealthProbe(patches, Duration.ofMillis(200), clock, log);

    @AfterEach
    void close() {
        CountDownLatch hang = patches.healthHangs;
        if (hang != null) {
            hang.countDown();
        }
        probe.close();
    }

    static Optional<HealthReport> report(Failure... failing) {
        return Optional.of(new HealthReport(List.of(failing), 3, RAN));
    }

    @Test
    void upWhenEveryCheckPassesWithTheTimeTheyRan() {
        patches.health = report();
        assertEquals(Map.of("health", "UP", "health.failing", "", "health.at", "2030-01-01T00:00:00Z"),
                probe.facts());
        assertEquals(1, patches.healthCalls.get());
        assertEquals(List.of(), log.lines, "nothing to say while healthy");
    }

    @Test
    void downNamesTheFailingChecksOnceEachAndLogsOnlyWhenThatChanges() {
        patches.health = report(new Failure("com.acme.db", "reports unhealthy: pool exhausted"),
                new Failure("com.acme.db", "threw java.lang.IllegalStateException"),
                new Failure("com.acme.web", "did not answer within PT10S"));
        Map<String, Object> down = probe.facts();
        assertEquals(Map.of("health", "DOWN", "health.failing", "com.acme.db,com.acme.web",
                "health.at", "2030-01-01T00:00:00Z"), down);
        probe.facts();
        assertEquals(1, log.count("host health DOWN"), log.lines.toString());
        assertTrue(log.lines.get(0).contains("pool exhausted"), log.lines.toString());

        patches.health = report();
        assertEquals("UP", probe.facts().get("health"));
        assertEquals(1, log.count("host health UP again"));
    }

    @Test
    void aRuntimeThatThrowsIsDown() {
        patches.healthThrows = new IllegalStateException("boom");
        Map<String, Object> facts = probe.facts();
        assertEquals("DOWN", facts.get("health"));
        assertEquals(HealthProbe.RUN_FAILED, facts.get("health.failing"));
        assertEquals("2030-01-01T00:05:00Z", facts.get("health.at"), "the agent's time: the runtime gave none");
        assertTrue(log.lines.get(0).contains("boom"), log.lines.toString());
    }

    @Test
    void aRuntimeThatHangsIsDownWithinTheTimeoutAndIsNotAskedAgainWhileStuck() {
        patches.healthHangs = new CountDownLatch(1);
        long start = System.nanoTime();
        Map<String, Object> first = probe.facts();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
        assertEquals("DOWN", first.get("health"));
        assertEquals(HealthProbe.RUN_FAILED, first.get("health.failing"));

        // the stuck call ignores its interrupt: the next check-in answers at once, without a second call
        Map<String, Object> second = probe.facts();
        assertEquals("DOWN", second.get("health"));
        assertEquals(1, patches.healthCalls.get());

        patches.healthHangs.countDown();
        patches.healthHangs = null;
        patches.health = report();
        // the stuck call ends; once it has, the probe asks again (bounded wait for that thread, no sleep)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"UP".equals(probe.facts().get("health")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("UP", probe.facts().get("health"));
        assertTrue(patches.healthCalls.get() >= 2);
    }

    @Test
    void whileASwapRunsTheLastResultIsSentAgainAndBeforeAnyNothing() {
        patches.health = Optional.empty();
        assertEquals(Map.of(), probe.facts(), "no result yet: no health facts");

        patches.health = report(new Failure("com.acme.db", "x"));
        Map<String, Object> down = probe.facts();
        patches.health = Optional.empty();
        assertEquals(down, probe.facts(), "the last result, stamped with when it ran");
    }

    @Test
    void theFailingListStaysWithin512CharactersAndCountsWhatItLeftOut() {
        List<Failure> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new Failure("com.example.feature.bundle" + i, "down"));
        }
        patches.health = report(many.toArray(Failure[]::new));
        String failing = probe.facts().get("health.failing").toString();
        assertTrue(failing.length() <= HealthProbe.MAX_FAILING_CHARS, failing.length() + ": " + failing);
        assertTrue(failing.startsWith("com.example.feature.bundle0,com.example.feature.bundle1,"), failing);
        String[] parts = failing.split(",");
        String more = parts[parts.length - 1];
        assertTrue(more.startsWith("+"), failing);
        assertEquals(100, parts.length - 1 + Integer.parseInt(more.substring(1)), "listed plus counted = all");
    }

    @Test
    void namesAreCleanedAndAHugeOneIsCut() {
        assertEquals("a_b,c_d", HealthProbe.joinBounded(List.of("a,b", "c\nd")));
        String huge = HealthProbe.joinBounded(List.of("x".repeat(10_000), "y"));
        assertTrue(huge.length() <= HealthProbe.MAX_FAILING_CHARS, "" + huge.length());
        assertTrue(huge.endsWith(",y") || huge.endsWith(",+1"), huge.substring(huge.length() - 10));
        assertEquals("", HealthProbe.joinBounded(List.of()));
    }
}
