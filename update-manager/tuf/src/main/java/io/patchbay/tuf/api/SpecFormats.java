package io.patchbay.tuf.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The TUF spec's exact text formats that {@link Metadata} reads and writes: {@code expires}
 * ({@code YYYY-MM-DDTHH:MM:SSZ}) and {@code spec_version} ({@code MAJOR.MINOR.PATCH}).
 *
 * <p>Written by hand for two reasons. Exactness: the spec allows no fractional seconds, no offset but "Z",
 * no hour 24, only four-digit years, and a strict semantic version (no leading zeros, no pre-release or
 * build suffix, no sign); anything looser would let two clients disagree on when the same signed metadata
 * expires, or on which spec it was written for. Speed on the cold path: the regular expressions and strict
 * {@code DateTimeFormatter} these replaced cost a one-shot client call a few hundred classes to load and
 * compile. MetadataFormatsTest holds both readers and the writer to those former implementations.
 */
final class SpecFormats {

    private SpecFormats() {
    }

    /**
     * {@code (0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)}: ASCII digits, no leading zeros, nothing
     * before or after.
     *
     * @param text a {@code spec_version} value
     * @return whether it is of that form
     */
    static boolean isSemanticVersion(String text) {
        int start = 0;
        for (int part = 0; part < 3; part++) {
            int end = start;
            while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            if (end == start || (end - start > 1 && text.charAt(start) == '0')) {
                return false;
            }
            if (part < 2) {
                if (end >= text.length() || text.charAt(end) != '.') {
                    return false;
                }
                start = end + 1;
            } else if (end != text.length()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The major of {@code version}, which {@link #isSemanticVersion} must have accepted.
     *
     * @param version a semantic version
     * @return the major, or {@link Integer#MAX_VALUE} if it is too large for an int
     */
    static int major(String version) {
        try {
            return Integer.parseInt(version.substring(0, version.indexOf('.')));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // a major too large for an int is still not 1
        }
    }

    /**
     * Exactly {@code YYYY-MM-DDTHH:MM:SSZ}, a real calendar date, years 0001-9999 (see {@link Metadata#parseExpiry}).
     *
     * @param text an {@code expires} value
     * @return the instant it names
     * @throws MalformedMetadataException if it is not exactly of that form
     */
    static Instant parseExpiry(String text) {
        if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
            throw badExpiry(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            throw badExpiry(text);
        }
        return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Days in the month of the proleptic Gregorian calendar (ISO 8601, as java.time counts them). */
    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static MalformedMetadataException badExpiry(String text) {
        return new MalformedMetadataException("'expires' must be YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds), got '"
                + text + "'");
    }

    /**
     * The spec's form of an expiry (see {@link Metadata#formatExpiry}).
     *
     * @param instant the expiry; fractions of a second are dropped
     * @return {@code YYYY-MM-DDTHH:MM:SSZ}
     * @throws IllegalArgumentException for an instant outside years 0001-9999
     */
    static String formatExpiry(Instant instant) {
        LocalDateTime time = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw new IllegalArgumentException("expiry " + instant + " is outside years 0001-9999");
        }
        char[] text = "0000-00-00T00:00:00Z".toCharArray();
        put(text, 0, 4, time.getYear());
        put(text, 5, 2, time.getMonthValue());
        put(text, 8, 2, time.getDayOfMonth());
        put(text, 11, 2, time.getHour());
        put(text, 14, 2, time.getMinute());
        put(text, 17, 2, time.getSecond());
        return new String(text);
    }

    /** Writes {@code value} as {@code count} zero-padded digits at {@code from}. */
    private static void put(char[] text, int from, int count, int value) {
        for (int i = from + count - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
