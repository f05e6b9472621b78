package io.patchbay.framework.impl.history;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.store.Sha256;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The swap history's line payloads (inside CRC line framing), tab-separated:
 * <pre>
 * HISTORY  2  firstSequence  acknowledged  droppedUnacknowledged  journaled   the first line, format version 2
 * RECORD   sequence  transactionId  label  patchId  bundles  outcome  at  levelBefore  levelAfter  cause  timings
 * ACK      sequence
 * </pre>
 * Free text (ids, label, cause, bundle names) is URL-encoded, so no message can inject a tab or a line break;
 * {@code ~} is a null cause, or no journaled transaction, {@code ?} an unknown one. {@code journaled} is the transaction id of the newest
 * record backed by the journal (COMMITTED, ROLLED_BACK, CRASHED) that a rewrite dropped: the start-up needs it to
 * tell a record a crash lost from one the bound dropped. Format 1, without it, is still read. Bundles are {@code name|version|sha256} joined by commas, timings {@code STEP=time}
 * in step order, {@code -} when empty. Instants and durations are {@code seconds.nanoseconds}, exact.
 *
 * <p>Decoding is strict (every field in the one form the encoder writes) and throws only
 * {@link IllegalArgumentException}.
 */
final class HistoryCodec {
    static final int VERSION = 2;
    private static final int LEGACY_VERSION = 1;
    private static final String EMPTY = "-";
    private static final String NULL = "~";
    private static final String UNKNOWN = "?";
    private static final Pattern TIME = Pattern.compile("-?[0-9]{1,19}\\.[0-9]{9}");

    /** One decoded line. */
    sealed interface Line permits Header, Entry, Ack {
    }

    /**
     * @param version   the format the line was written in
     * @param journaled the newest journaled record dropped before {@code firstSequence}, or null for none
     * @param known     false when that is not known ({@code ?}): a history of format 1 dropped records without
     *                  saying which; {@code journaled} is then null
     */
    record Header(int version, long firstSequence, long acknowledged, long dropped, String journaled, boolean known)
            implements Line {
    }

    record Entry(SwapRecord record) implements Line {
    }

    record Ack(long sequence) implements Line {
    }

    private HistoryCodec() {
    }

    /** The first line: {@code firstSequence} is the sequence of the record that follows it (or the next one). */
    static String header(long firstSequence, long acknowledged, long dropped) {
        return header(firstSequence, acknowledged, dropped, null, true);
    }

    /** The first line as format 1 wrote it; this runtime only reads it. */
    static String legacyHeader(long firstSequence, long acknowledged, long dropped) {
        return String.join("\t", "HISTORY", Integer.toString(LEGACY_VERSION), Long.toString(firstSequence),
                Long.toString(acknowledged), Long.toString(dropped));
    }

    /** @see Header */
    static String header(long firstSequence, long acknowledged, long dropped, String journaled, boolean known) {
        return String.join("\t", "HISTORY", Integer.toString(VERSION), Long.toString(firstSequence),
                Long.toString(acknowledged), Long.toString(dropped),
                !known ? UNKNOWN : journaled == null ? NULL : text(journaled));
    }

    static String ack(long sequence) {
        return "ACK\t" + sequence;
    }

    static String record(SwapRecord r) {
        return String.join("\t", "RECORD", Long.toString(r.sequence()), text(r.transactionId()), text(r.label()),
                r.patchId(), bundles(r.bundles()), r.outcome().name(), time(r.at().getEpochSecond(), r.at().getNano()),
                Long.toString(r.levelBefore()), Long.toString(r.levelAfter()),
                r.cause() == null ? NULL : text(r.cause()), timings(r.timings()));
    }

    static Line decode(String payload) {
        String[] f = payload.split("\t", -1);
        return switch (f[0]) {
            case "HISTORY" -> {
                if (f.length > 1 && f[1].equals(Integer.toString(LEGACY_VERSION))) {
                    expect(f, 5);
                    long first = natural(f[2]);
                    // format 1 did not say which records it dropped: known only when it dropped none
                    yield new Header(LEGACY_VERSION, first, natural(f[3]), natural(f[4]), null, first == 1);
                }
                if (f.length > 1 && !f[1].equals(Integer.toString(VERSION))) {
                    throw new IllegalArgumentException("history format " + abbreviate(f[1])
                            + " is not one this runtime reads (it reads " + LEGACY_VERSION + " and " + VERSION + ")");
                }
                expect(f, 6);
                boolean known = !f[5].equals(UNKNOWN);
                yield new Header(VERSION, natural(f[2]), natural(f[3]), natural(f[4]),
                        !known || f[5].equals(NULL) ? null : untext(f[5]), known);
            }
            case "ACK" -> {
                expect(f, 2);
                yield new Ack(natural(f[1]));
            }
            case "RECORD" -> {
                expect(f, 12);
                String patchId = f[4];
                if (!patchId.isEmpty() && !Sha256.isHex(patchId)) {
                    throw new IllegalArgumentException("bad patch id " + abbreviate(patchId));
                }
                yield new Entry(new SwapRecord(natural(f[1]), untext(f[2]), untext(f[3]), patchId, unbundles(f[5]),
                        Outcome.valueOf(f[6]), instant(f[7]), natural(f[8]), natural(f[9]),
                        f[10].equals(NULL) ? null : untext(f[10]), untimings(f[11])));
            }
            default -> throw new IllegalArgumentException("unknown line type " + abbreviate(f[0]));
        };
    }

    private static void expect(String[] fields, int count) {
        if (fields.length != count) {
            throw new IllegalArgumentException(fields[0] + " needs " + count + " fields, has " + fields.length);
        }
    }

    static String text(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String untext(String field) {
        String value = URLDecoder.decode(field, StandardCharsets.UTF_8);
        if (!text(value).equals(field)) {
            throw new IllegalArgumentException("text not in canonical encoding: " + abbreviate(field));
        }
        return value;
    }

    /** A long of at least 0, in exactly the form {@link Long#toString} writes. */
    private static long natural(String field) {
        long value = Long.parseLong(field);
        if (value < 0 || !Long.toString(value).equals(field)) {
            throw new IllegalArgumentException("not a canonical number of at least 0: " + abbreviate(field));
        }
        return value;
    }

    private static String time(long seconds, int nanos) {
        String n = Integer.toString(nanos);
        return seconds + "." + "0".repeat(9 - n.length()) + n;
    }

    private static long[] untime(String field) {
        if (!TIME.matcher(field).matches()) {
            throw new IllegalArgumentException("bad time " + abbreviate(field));
        }
        int dot = field.indexOf('.');
        long seconds = Long.parseLong(field.substring(0, dot));
        int nanos = Integer.parseInt(field.substring(dot + 1));
        if (!time(seconds, nanos).equals(field)) {
            throw new IllegalArgumentException("time not in canonical form: " + abbreviate(field));
        }
        return new long[] {seconds, nanos};
    }

    private static Instant instant(String field) {
        long[] t = untime(field);
        try {
            return Instant.ofEpochSecond(t[0], t[1]);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("time out of range: " + abbreviate(field), e);
        }
    }

    private static String bundles(List<BundleRecord> bundles) {
        if (bundles.isEmpty()) {
            return EMPTY;
        }
        List<String> parts = new ArrayList<>();
        for (BundleRecord b : bundles) {
            parts.add(text(b.symbolicName()) + "|" + text(b.version()) + "|" + hash(b.sha256()));
        }
        return String.join(",", parts);
    }

    private static List<BundleRecord> unbundles(String field) {
        if (field.equals(EMPTY)) {
            return List.of();
        }
        List<BundleRecord> bundles = new ArrayList<>();
        for (String part : field.split(",", -1)) {
            String[] p = part.split("\\|", -1);
            if (p.length != 3 || p[0].isEmpty()) {
                throw new IllegalArgumentException("bad bundle " + abbreviate(part));
            }
            bundles.add(new BundleRecord(untext(p[0]), untext(p[1]), hash(p[2])));
        }
        return bundles;
    }

    private static String hash(String value) {
        if (!Sha256.isHex(value)) {
            throw new IllegalArgumentException("not a SHA-256: " + abbreviate(String.valueOf(value)));
        }
        return value;
    }

    private static String timings(Map<SwapStep, Duration> timings) {
        if (timings.isEmpty()) {
            return EMPTY;
        }
        List<String> parts = new ArrayList<>();
        timings.forEach((step, took) -> parts.add(step.name() + "=" + time(took.getSeconds(), took.getNano())));
        return String.join(",", parts);
    }

    private static Map<SwapStep, Duration> untimings(String field) {
        Map<SwapStep, Duration> timings = new EnumMap<>(SwapStep.class);
        SwapStep last = null;
        for (String part : field.equals(EMPTY) ? new String[0] : field.split(",", -1)) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException("bad timing " + abbreviate(part));
            }
            SwapStep step = SwapStep.valueOf(kv[0]);
            if (last != null && step.compareTo(last) <= 0) {
                throw new IllegalArgumentException("timings out of step order at " + step);
            }
            long[] t = untime(kv[1]);
            timings.put(step, Duration.ofSeconds(t[0], t[1]));
            last = step;
        }
        return timings;
    }

    /** Messages quote the input, bounded: it may be a forged megabyte. */
    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
