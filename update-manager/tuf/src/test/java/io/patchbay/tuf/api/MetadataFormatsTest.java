package io.patchbay.tuf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written readers of "expires" and "spec_version" against what they replaced: a regular
 * expression and a strict {@link DateTimeFormatter} (kept here as the reference). Same acceptance, same
 * instant, on every day of several centuries, on every field boundary and on random mutations.
 */
class MetadataFormatsTest {

    private static final Pattern SEMVER = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
    private static final Pattern EXPIRES = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);

    /** The former implementation: null where it refused. */
    private static Instant reference(String text) {
        if (!EXPIRES.matcher(text).matches()) {
            return null;
        }
        try {
            LocalDateTime time = LocalDateTime.parse(text, FORMAT);
            return time.getYear() < 1 ? null : time.toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant parsed(String text) {
        try {
            return Metadata.parseExpiry(text);
        } catch (MalformedMetadataException e) {
            return null;
        }
    }

    private static void same(String text) {
        assertEquals(reference(text), parsed(text), text);
    }

    @Test
    void everyDayOfSeveralCenturiesAndTheEdgesOfTheRange() {
        for (int[] range : new int[][] {{1, 3}, {1599, 1605}, {1896, 1904}, {1999, 2105}, {9997, 9999}}) {
            for (LocalDate day = LocalDate.of(range[0], 1, 1); day.getYear() <= range[1]; day = day.plusDays(1)) {
                String text = String.format("%04d-%02d-%02dT12:34:56Z", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
                same(text);
                assertEquals(text, Metadata.formatExpiry(Metadata.parseExpiry(text)));
            }
        }
    }

    @Test
    void everyFieldValueAtItsBoundaries() {
        int[] years = {0, 1, 4, 100, 400, 1900, 2000, 2024, 2100, 9999};
        for (int year : years) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    same(String.format("%04d-%02d-%02dT00:00:00Z", year, month, day));
                }
            }
        }
        for (int hour = 0; hour <= 25; hour++) {
            for (int minute : new int[] {0, 59, 60, 99}) {
                for (int second : new int[] {0, 59, 60, 61, 99}) {
                    same(String.format("2030-06-15T%02d:%02d:%02dZ", hour, minute, second));
                }
            }
        }
    }

    @Test
    void mutatedTimestampsAreRefusedExactlyWhenTheReferenceRefusesThem() {
        Random random = new Random(11);
        String chars = "0123456789-:TZtz +.x\u0660\u0966\uff10";
        String[] bases = {"2030-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2023-02-28T00:00:00Z", "0001-01-01T00:00:00Z"};
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder(bases[random.nextInt(bases.length)]);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(s.length() + 1);
                char c = chars.charAt(random.nextInt(chars.length()));
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, c);
                    case 1 -> { if (at < s.length()) { s.deleteCharAt(at); } }
                    default -> { if (at < s.length()) { s.setCharAt(at, c); } }
                }
            }
            same(s.toString());
        }
        for (String text : new String[] {"", "2030-01-01T00:00:00", "2030-01-01T00:00:00z", "2030-01-01 00:00:00Z",
            "2030-01-01T00:00:00.5Z", "2030-01-01T00:00:00+00:00", "+2030-01-01T00:00:00Z", "12030-01-01T00:00:00Z",
            "2030-1-01T00:00:00Z", "0000-01-01T00:00:00Z", "2030-01-01T24:00:00Z", "2030-02-30T00:00:00Z",
            "\u0662\u0660\u0663\u0660-01-01T00:00:00Z"}) {
            same(text);
        }
    }

    @Test
    void formattingMatchesTheFormatterAndRefusesOutOfRangeYears() {
        Random random = new Random(5);
        long min = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        long max = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)), random.nextInt(1_000_000_000));
            String expected = FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            assertEquals(expected, Metadata.formatExpiry(instant));
        }
        assertEquals("0001-01-01T00:00:00Z", Metadata.formatExpiry(Instant.ofEpochSecond(min)));
        assertEquals("9999-12-31T23:59:59Z", Metadata.formatExpiry(Instant.ofEpochSecond(max, 999_999_999)));
        assertThrows(IllegalArgumentException.class, () -> Metadata.formatExpiry(Instant.ofEpochSecond(min - 1)));
        assertThrows(IllegalArgumentException.class, () -> Metadata.formatExpiry(Instant.ofEpochSecond(max + 1)));
    }

    @Test
    void semanticVersionsAsTheExpressionReadsThem() {
        String[] fixed = {"1.0.0", "1.0.31", "0.0.0", "10.20.30", "1.0", "1", "1.0.0.0", "01.0.0", "1.00.0", "1.0.01",
            "1..0", ".1.0", "1.0.", "+1.0.0", "-1.0.0", "1.0.0-rc1", "1.a.0", " 1.0.0", "1.0.0 ", "\u0661.0.0", "",
            "99999999999999999999.0.0", "2.0.0"};
        for (String text : fixed) {
            assertEquals(SEMVER.matcher(text).matches(), SpecFormats.isSemanticVersion(text), text);
        }
        Random random = new Random(8);
        String chars = "0123456789..a-+ \u0660";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(9);
            for (int k = 0; k < length; k++) {
                s.append(chars.charAt(random.nextInt(chars.length())));
            }
            String text = s.toString();
            assertEquals(SEMVER.matcher(text).matches(), SpecFormats.isSemanticVersion(text), text);
        }
    }
}
