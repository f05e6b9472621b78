package io.patchbay.agent.impl.push;

import static io.patchbay.agent.impl.push.PushCounter.Verdict.ACCEPTED;
import static io.patchbay.agent.impl.push.PushCounter.Verdict.COUNTER_RESET;
import static io.patchbay.agent.impl.push.PushCounter.Verdict.COUNTER_UNAVAILABLE;
import static io.patchbay.agent.impl.push.PushCounter.Verdict.REPLAYED;
import static io.patchbay.agent.impl.push.PushCounter.Verdict.STALE_COUNTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persisted last-accepted counter: replays, stale counters, restarts, damage and unwritable storage. */
class PushCounterTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration SKEW = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(T0);
    RecordingLog log = new RecordingLog();

    PushCounter counter() {
        return new PushCounter(dir.resolve("push"), clock, SKEW, log);
    }

    /** A store that has accepted {@code value} (made before T0, so its floor is behind). */
    PushCounter accepted(long value) {
        PushCounter counter = counter();
        assertEquals(ACCEPTED, counter.accept(value, T0.plus(SKEW).plusSeconds(1)));
        return counter;
    }

    @Test
    void equalIsAReplayLowerIsStaleHigherIsAccepted() {
        PushCounter counter = accepted(10);
        assertEquals(REPLAYED, counter.accept(10, T0));
        assertEquals(STALE_COUNTER, counter.accept(9, T0));
        assertEquals(STALE_COUNTER, counter.accept(1, T0));
        assertEquals(ACCEPTED, counter.accept(11, T0));
        assertEquals(REPLAYED, counter.accept(11, T0));
        assertEquals(ACCEPTED, counter.accept(1_000_000, T0));
    }

    @Test
    void countersCompareUnsignedAsOnTheWire() {
        PushCounter counter = accepted(5);
        assertEquals(ACCEPTED, counter.accept(-1L, T0), "2^64-1 is above 5");
        assertEquals(STALE_COUNTER, counter.accept(Long.MAX_VALUE, T0));
        assertEquals(REPLAYED, counter().accept(-1L, T0), "and it survives a restart");
    }

    @Test
    void theAcceptedCounterIsOnDiskBeforeTheAnswerSoARestartDoesNotReopenAReplay() throws Exception {
        accepted(42);
        assertTrue(Files.readString(dir.resolve("push/counter")).contains("last=42\n"));
        PushCounter restarted = counter();
        assertEquals(REPLAYED, restarted.accept(42, T0));
        assertEquals(STALE_COUNTER, restarted.accept(41, T0));
        assertEquals(ACCEPTED, restarted.accept(43, T0));
        try (Stream<Path> files = Files.list(dir.resolve("push"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aRememberedCounterIsRefusedInMemoryButOnlyARecordedOneSurvivesARestart() {
        PushCounter counter = accepted(10);
        assertEquals(ACCEPTED, counter.check(11, T0));
        counter.remember(11);
        assertEquals(REPLAYED, counter.check(11, T0));
        assertEquals(STALE_COUNTER, counter.check(10, T0));
        assertEquals(ACCEPTED, counter().check(11, T0), "dropped pushes cost no disk write");
        assertEquals(REPLAYED, counter().check(10, T0));
    }

    @Test
    void aNewStoreAcceptsOnlyPushesIssuedAfterItWasMadePlusTheSkew() {
        PushCounter counter = counter();
        assertEquals(COUNTER_RESET, counter.accept(3, T0.minusSeconds(600)), "issued before the store existed");
        assertEquals(COUNTER_RESET, counter.accept(3, T0.plus(SKEW)), "within the skew it could still be old");
        assertEquals(ACCEPTED, counter.accept(3, T0.plus(SKEW).plusSeconds(1)));
        assertEquals(ACCEPTED, counter.accept(4, T0.minusSeconds(600)), "from then on the counter decides");
    }

    @Test
    void aFreshEnrollmentTrustsEveryCounterAndADeletedFileLaterGetsAFloorAgain() throws Exception {
        PushCounter counter = counter();
        counter.startFresh();
        assertEquals(ACCEPTED, counter.accept(3, T0.minusSeconds(30)), "a new identity: nothing to replay");
        assertEquals(REPLAYED, counter().accept(3, T0));
        Files.delete(dir.resolve("push/counter"));
        assertEquals(COUNTER_RESET, counter().accept(4, T0), "the file gone, the identity not: a floor");
    }

    @Test
    void aDamagedFileIsMovedAsideNeverResetSilentlyAndRefusesOldPushes() throws Exception {
        accepted(100);
        Path file = dir.resolve("push/counter");
        Files.writeString(file, Files.readString(file).replace("last=100", "last=1"));
        clock.set(T0.plusSeconds(3600));

        PushCounter restarted = counter();
        assertEquals(COUNTER_RESET, restarted.accept(101, clock.instant()), "a fresh counter after damage");
        assertEquals(COUNTER_RESET, restarted.accept(50, clock.instant().minusSeconds(30)),
                "a replay of an old push is refused");
        assertEquals(1, log.count("push counter"), log.lines.toString());
        assertTrue(log.lines.get(0).contains("checksum mismatch"), log.lines.toString());
        try (Stream<Path> files = Files.list(dir.resolve("push"))) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("counter.corrupt-")).count(),
                    "the damaged file is kept as evidence");
        }
        assertEquals(ACCEPTED, restarted.accept(101, clock.instant().plus(SKEW).plusSeconds(1)));
        assertEquals(REPLAYED, counter().accept(101, clock.instant()));
    }

    @Test
    void garbageOrAnOversizeFileIsDamageToo() throws Exception {
        Files.createDirectories(dir.resolve("push"));
        for (String content : new String[] {"", "last=5\n", "x".repeat(10_000)}) {
            Files.writeString(dir.resolve("push/counter"), content);
            assertEquals(COUNTER_RESET, counter().accept(5, T0), "content: " + content.length() + " chars");
        }
        Files.write(dir.resolve("push/counter"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertEquals(COUNTER_RESET, counter().accept(5, T0));
        assertEquals(4, log.count("is damaged"));
    }

    @Test
    void storageThatCannotBeWrittenRefusesEveryPushUntilItCan() throws Exception {
        Files.writeString(dir.resolve("push"), "a file where the directory should be");
        PushCounter counter = counter();
        assertEquals(COUNTER_UNAVAILABLE, counter.accept(7, T0.plusSeconds(3600)));
        assertEquals(COUNTER_UNAVAILABLE, counter.accept(8, T0.plusSeconds(3600)));
        Files.delete(dir.resolve("push"));
        clock.set(T0.plusSeconds(10));
        assertEquals(ACCEPTED, counter.accept(9, T0.plusSeconds(3600)));
    }
}
