package io.patchbay.license.impl.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedClockTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final SigningKeyPair key = SigningKeyPair.generate(new SecureRandom());

    private TrustedClock load() throws Exception {
        return TrustedClock.load(dir, key, TOLERANCE);
    }

    @Test
    void localTimeRaisesTheMarkAndASetBackWithinToleranceIsNotTampering() throws Exception {
        TrustedClock clock = load();
        assertEquals(T0, clock.observe(T0).trustedNow());
        TimeState later = clock.observe(T0.plus(Duration.ofHours(5)));
        assertFalse(later.tampered());
        TimeState small = clock.observe(T0.plus(Duration.ofHours(5)).minus(Duration.ofMinutes(9)));
        assertFalse(small.tampered());
        assertEquals(T0.plus(Duration.ofHours(5)), small.trustedNow(), "trusted time never goes back");
    }

    @Test
    void aClockSetBackBeyondToleranceIsDetectedAndGraceCountsOnlyForwardProgress() throws Exception {
        TrustedClock clock = load();
        clock.observe(T0.plus(Duration.ofDays(30)));
        TimeState back = clock.observe(T0);
        assertTrue(back.tampered());
        assertEquals(Duration.ZERO, back.tamperElapsed());
        assertEquals(T0.plus(Duration.ofDays(30)), back.trustedNow(), "expiry is judged at the mark, not the clock");
        assertEquals(Duration.ofHours(2), clock.observe(T0.plus(Duration.ofHours(2))).tamperElapsed());
        // Setting the clock back again does not give the time back.
        assertEquals(Duration.ofHours(2), clock.observe(T0.minus(Duration.ofDays(1))).tamperElapsed());
        assertEquals(Duration.ofHours(3), clock.observe(T0.minus(Duration.ofDays(1)).plus(Duration.ofHours(1)))
                .tamperElapsed());
        // Back in line: tampering ends.
        assertFalse(clock.observe(T0.plus(Duration.ofDays(30))).tampered());
    }

    @Test
    void theMarkAndTheTamperStateSurviveARestart() throws Exception {
        TrustedClock clock = load();
        clock.observe(T0.plus(Duration.ofDays(10)));
        TrustedClock reopened = load();
        assertTrue(reopened.observe(T0).tampered(), "the set-back happened while the host was down");
        reopened.observe(T0.plus(Duration.ofHours(3)));
        assertEquals(Duration.ofHours(3), load().state(T0.plus(Duration.ofHours(3))).tamperElapsed());
    }

    @Test
    void signedServerTimeReplacesAMarkThatRanAhead() throws Exception {
        TrustedClock clock = load();
        clock.observe(T0.plus(Duration.ofDays(365)));
        assertTrue(clock.observe(T0).tampered());
        TimeState fixed = clock.observeServer(T0.minusSeconds(5), T0);
        assertFalse(fixed.tampered());
        assertEquals(T0, fixed.trustedNow());
    }

    @Test
    void serverTimeAheadOfTheLocalClockIsATamperedClock() throws Exception {
        TrustedClock clock = load();
        clock.observe(T0);
        TimeState s = clock.observeServer(T0.plus(Duration.ofDays(2)), T0);
        assertTrue(s.tampered());
        assertEquals(T0.plus(Duration.ofDays(2)), s.trustedNow());
    }

    @Test
    void anEditedStateFileIsRefusedLikeADeletedOneAndTheFloorStillHolds() throws Exception {
        TrustedClock clock = load();
        clock.observe(T0.plus(Duration.ofDays(10)));
        Path file = dir.resolve(TrustedClock.FILE);
        String jws = Files.readString(file).trim();
        String[] parts = jws.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        Files.writeString(file, forged);
        TrustedClock reopened = load();
        assertEquals(T0, reopened.state(T0).trustedNow(), "the forged mark is not read");
        reopened.raiseTo(T0.plus(Duration.ofDays(9)));
        assertTrue(reopened.observe(T0).tampered());
    }

    @Test
    void aStateFileSignedByAnotherInstanceIsNotRead() throws Exception {
        TrustedClock.load(dir, SigningKeyPair.generate(new SecureRandom()), TOLERANCE).observe(T0.plus(Duration.ofDays(9)));
        TrustedClock mine = load();
        assertFalse(mine.observe(T0).tampered());
        assertEquals(T0, mine.state(T0).trustedNow());
    }

    @Test
    void aDeletedStateFileForgetsTheMarkButAFloorRaisesItAgain() throws Exception {
        load().observe(T0.plus(Duration.ofDays(10)));
        Files.delete(dir.resolve(TrustedClock.FILE));
        TrustedClock fresh = load();
        fresh.raiseTo(T0.plus(Duration.ofDays(9)));
        assertTrue(fresh.observe(T0).tampered());
    }

    @Test
    void theMarkIsWrittenAtMostOncePerStep() throws Exception {
        TrustedClock clock = load();
        clock.observe(T0);
        String first = Files.readString(dir.resolve(TrustedClock.FILE));
        clock.observe(T0.plusSeconds(30));
        assertEquals(first, Files.readString(dir.resolve(TrustedClock.FILE)));
        clock.observe(T0.plus(TrustedClock.PERSIST_STEP));
        assertFalse(first.equals(Files.readString(dir.resolve(TrustedClock.FILE))));
    }

    @Test
    void aRenewalDoesNotRestartTheGraceOfAClockStillSetBack() throws Exception {
        TrustedClock clock = load();
        clock.observe(T0.plus(Duration.ofDays(5)));
        clock.observe(T0);
        clock.observe(T0.plus(Duration.ofHours(6)));
        TimeState afterRenewal = clock.observeServer(T0.plus(Duration.ofDays(5)).plus(Duration.ofHours(6)),
                T0.plus(Duration.ofHours(6)));
        assertTrue(afterRenewal.tampered());
        assertEquals(Duration.ofHours(6), afterRenewal.tamperElapsed());
    }
}
