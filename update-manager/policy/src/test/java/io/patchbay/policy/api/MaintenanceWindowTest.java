package io.patchbay.policy.api;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant berlin(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN).toInstant();
    }

    @Test
    void insideAndOutsideOnTheNamedDaysOnly() {
        // 2026-06-01 is a Monday.
        MaintenanceWindow w = new MaintenanceWindow(Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY),
                LocalTime.of(2, 0), Duration.ofHours(2), BERLIN);
        assertFalse(w.isOpen(berlin("2026-06-01T01:59:59")));
        assertTrue(w.isOpen(berlin("2026-06-01T02:00:00")));
        assertTrue(w.isOpen(berlin("2026-06-01T03:59:59")));
        assertFalse(w.isOpen(berlin("2026-06-01T04:00:00")), "the end is exclusive");
        assertFalse(w.isOpen(berlin("2026-06-02T03:00:00")), "Tuesday is not a window day");
        assertTrue(w.isOpen(berlin("2026-06-03T03:00:00")));
        assertEquals(berlin("2026-06-03T02:00:00"), w.nextOpening(berlin("2026-06-01T04:00:00")));
        assertEquals(berlin("2026-06-01T03:00:00"), w.nextOpening(berlin("2026-06-01T03:00:00")), "open now");
        assertEquals(berlin("2026-06-01T04:00:00"), w.closesAfter(berlin("2026-06-01T03:00:00")).orElseThrow());
    }

    @Test
    void aWindowCrossingMidnightBelongsToTheDayItOpens() {
        MaintenanceWindow w = new MaintenanceWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(22, 0),
                Duration.ofHours(4), BERLIN);
        assertTrue(w.isOpen(berlin("2026-06-07T23:30:00")), "Sunday night");
        assertTrue(w.isOpen(berlin("2026-06-08T01:59:00")), "still open on Monday morning");
        assertFalse(w.isOpen(berlin("2026-06-08T02:00:00")));
        assertFalse(w.isOpen(berlin("2026-06-08T23:00:00")), "Monday night is not a window");
        assertEquals(berlin("2026-06-14T22:00:00"), w.nextOpening(berlin("2026-06-08T02:00:00")));
    }

    @Test
    void aStartInsideTheSpringForwardGapMovesLaterByTheGap() {
        // 2026-03-29: Berlin jumps from 02:00 CET to 03:00 CEST.
        MaintenanceWindow w = MaintenanceWindow.daily(LocalTime.of(2, 30), Duration.ofHours(1), BERLIN);
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), w.nextOpening(berlin("2026-03-29T00:00:00")),
                "opens at 03:30 CEST = 01:30Z");
        assertFalse(w.isOpen(Instant.parse("2026-03-29T01:29:59Z")));
        assertTrue(w.isOpen(Instant.parse("2026-03-29T02:29:59Z")));
        assertFalse(w.isOpen(Instant.parse("2026-03-29T02:30:00Z")));
        // The next day is an ordinary CEST day again.
        assertEquals(Instant.parse("2026-03-30T00:30:00Z"), w.nextOpening(Instant.parse("2026-03-29T03:00:00Z")));
    }

    @Test
    void theDurationIsElapsedTimeAcrossTheSpringForwardGap() {
        MaintenanceWindow w = MaintenanceWindow.daily(LocalTime.of(1, 0), Duration.ofHours(3), BERLIN);
        // 01:00 CET = 00:00Z; three real hours later is 03:00Z = 05:00 CEST wall time.
        assertTrue(w.isOpen(berlin("2026-03-29T04:59:59")));
        assertFalse(w.isOpen(berlin("2026-03-29T05:00:00")));
    }

    @Test
    void aStartInsideTheAutumnOverlapTakesTheEarlierOffset() {
        // 2026-10-25: Berlin falls back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
        MaintenanceWindow w = MaintenanceWindow.daily(LocalTime.of(2, 30), Duration.ofMinutes(45), BERLIN);
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), w.nextOpening(Instant.parse("2026-10-24T23:00:00Z")),
                "the first 02:30 (CEST)");
        assertTrue(w.isOpen(Instant.parse("2026-10-25T01:14:59Z")));
        assertFalse(w.isOpen(Instant.parse("2026-10-25T01:15:00Z")), "the second 02:30 (CET) does not reopen it");
        assertFalse(w.isOpen(Instant.parse("2026-10-25T01:45:00Z")));
    }

    @Test
    void aFullDayWindowOnTheAutumnDayCoversItsTwentyFiveHoursButTheLastOne() {
        MaintenanceWindow w = new MaintenanceWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.MIDNIGHT,
                Duration.ofHours(24), BERLIN);
        assertTrue(w.isOpen(berlin("2026-10-25T23:00:00").minusSeconds(1)));
        assertFalse(w.isOpen(berlin("2026-10-25T23:30:00")), "24 real hours end at 23:00 CET that day");
    }

    @Test
    void noWindowsMeansAlwaysOpenAndSeveralMeanAny() {
        Instant t = berlin("2026-06-01T12:00:00");
        assertTrue(MaintenanceWindow.anyOpen(List.of(), t));
        MaintenanceWindow night = MaintenanceWindow.daily(LocalTime.of(1, 0), Duration.ofHours(1), BERLIN);
        MaintenanceWindow lunch = MaintenanceWindow.daily(LocalTime.of(12, 30), Duration.ofMinutes(30), BERLIN);
        assertFalse(MaintenanceWindow.anyOpen(List.of(night, lunch), t));
        assertEquals(berlin("2026-06-01T12:30:00"), MaintenanceWindow.nextOpening(List.of(night, lunch), t));
        assertTrue(MaintenanceWindow.anyOpen(List.of(night, lunch), berlin("2026-06-01T12:45:00")));
    }

    @Test
    void hostileWindowsAreRefusedWithClearMessages() {
        LocalTime two = LocalTime.of(2, 0);
        assertEquals("a maintenance window's duration must be positive, not PT0S",
                assertThrows(IllegalArgumentException.class,
                        () -> MaintenanceWindow.daily(two, Duration.ZERO, BERLIN)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaintenanceWindow.daily(two, Duration.ofMinutes(-5), BERLIN));
        assertEquals("a maintenance window lasts at most 24 hours, not PT24H1S (use more days instead)",
                assertThrows(IllegalArgumentException.class,
                        () -> MaintenanceWindow.daily(two, Duration.ofHours(24).plusSeconds(1), BERLIN)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new MaintenanceWindow(Set.of(), two, Duration.ofHours(1), BERLIN));
        assertThrows(NullPointerException.class, () -> MaintenanceWindow.daily(two, Duration.ofHours(1), null));
        // Exactly 24 hours is a whole day, allowed.
        assertTrue(MaintenanceWindow.daily(two, Duration.ofHours(24), BERLIN).isOpen(berlin("2026-06-01T01:59:59")));
    }
}
