package io.patchbay.policy.api;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A weekly recurring window in which a swap may start (downloads may happen at any time): on each of
 * {@code days}, it opens at {@code start} local time in {@code zone} and stays open for {@code duration}
 * of elapsed time, so a window may cross midnight (it belongs to the day it opens on).
 *
 * <p>Daylight-saving days, exactly: the opening is {@link ZonedDateTime#of} of the local date and start, so
 * a start inside the spring-forward gap moves later by the gap (02:30 in Europe/Berlin opens at 03:30
 * CEST that day), and a start inside the autumn overlap takes the earlier offset (the first 02:30). The
 * duration is real time, not wall-clock time: a 3-hour window from 01:00 on the spring-forward day closes
 * at 05:00 wall time. A duration is positive and at most 24 hours, so a window never overlaps its own next
 * opening by more than the DST shift.
 *
 * @param days     the days of the week it opens on, at least one
 * @param start    local opening time in {@code zone}
 * @param duration how long it stays open, elapsed time, positive and at most {@link #MAX_DURATION}
 * @param zone     the time zone {@code start} is read in
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, Duration duration, ZoneId zone) {

    /** The longest window; use more days for more. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    /**
     * Checks the window.
     *
     * @param days     the days it opens on (copied)
     * @param start    local opening time
     * @param duration how long it stays open
     * @param zone     the time zone
     * @throws NullPointerException     when a component is null
     * @throws IllegalArgumentException when there is no day, or the duration is not positive or over 24 hours
     */
    public MaintenanceWindow {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a maintenance window needs at least one day of the week");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("a maintenance window's duration must be positive, not " + duration);
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("a maintenance window lasts at most 24 hours, not " + duration
                    + " (use more days instead)");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /**
     * A window that opens every day of the week.
     *
     * @param start    local opening time
     * @param duration how long it stays open
     * @param zone     the time zone
     * @return the window
     * @throws IllegalArgumentException when the duration is not positive or over 24 hours
     */
    public static MaintenanceWindow daily(LocalTime start, Duration duration, ZoneId zone) {
        return new MaintenanceWindow(EnumSet.allOf(DayOfWeek.class), start, duration, zone);
    }

    /**
     * Whether a swap may start at {@code t} under this window.
     *
     * @param t the instant
     * @return true when a window opening (this day or an earlier one) contains {@code t}
     */
    public boolean isOpen(Instant t) {
        return closesAfter(t).isPresent();
    }

    /**
     * When the window that contains {@code t} closes, if one does. Openings up to two local days back are
     * checked: a window lasts at most 24 hours, plus at most one DST shift.
     *
     * @param t the instant
     * @return when the window containing {@code t} closes; empty when the window is closed at {@code t}
     */
    public Optional<Instant> closesAfter(Instant t) {
        LocalDate today = t.atZone(zone).toLocalDate();
        Instant latest = null;
        for (LocalDate d = today.minusDays(2); !d.isAfter(today); d = d.plusDays(1)) {
            if (days.contains(d.getDayOfWeek())) {
                Instant open = openingOn(d);
                Instant close = open.plus(duration);
                if (!t.isBefore(open) && t.isBefore(close) && (latest == null || close.isAfter(latest))) {
                    latest = close;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * When a swap may next start under this window.
     *
     * @param t the instant to look from
     * @return {@code t} itself when open, otherwise the next opening after it
     */
    public Instant nextOpening(Instant t) {
        if (isOpen(t)) {
            return t;
        }
        LocalDate today = t.atZone(zone).toLocalDate();
        for (LocalDate d = today.minusDays(1); ; d = d.plusDays(1)) {
            if (days.contains(d.getDayOfWeek())) {
                Instant open = openingOn(d);
                if (open.isAfter(t)) {
                    return open;
                }
            }
        }
    }

    private Instant openingOn(LocalDate date) {
        return ZonedDateTime.of(date, start, zone).toInstant();
    }

    /**
     * Whether a swap may start at {@code t} under a deployment's windows.
     *
     * @param windows the windows; none means always
     * @param t       the instant
     * @return true when there are no windows or one is open
     */
    public static boolean anyOpen(List<MaintenanceWindow> windows, Instant t) {
        return windows.isEmpty() || windows.stream().anyMatch(w -> w.isOpen(t));
    }

    /**
     * When a swap may next start under a deployment's windows.
     *
     * @param windows the windows; none means always
     * @param t       the instant to look from
     * @return the earliest instant at or after {@code t} at which {@link #anyOpen} holds
     */
    public static Instant nextOpening(List<MaintenanceWindow> windows, Instant t) {
        return windows.stream().map(w -> w.nextOpening(t)).min(Instant::compareTo).orElse(t);
    }
}
