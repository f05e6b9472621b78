package io.patchbay.framework.impl.journal;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.impl.journal.JournalRecord.Commit;
import io.patchbay.framework.impl.journal.JournalRecord.Intent;
import io.patchbay.framework.impl.journal.JournalRecord.RolledBack;
import io.patchbay.framework.impl.store.CrcLines;
import io.patchbay.framework.impl.store.Sha256;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The journal's record format, inside {@link CrcLines} framing: {@code <TYPE>\t<field>...}. Bundle lists are
 * {@code bsn|version|sha256} joined by commas ({@code -} when empty); the label is URL-encoded. A rollback is
 * {@code ROLLED_BACK id at}, or, carrying what the swap history needs, {@code ROLLED_BACK id at UNDONE|CRASHED cause}
 * with the cause URL-encoded.
 *
 * <p>Decoding is strict: exactly the fields of the type, every number and label in the one form the encoder
 * writes, so that a record means one thing. Anything else is an {@link IllegalArgumentException} naming the reason;
 * nothing else is ever thrown for any input.
 */
final class RecordCodec {
    private static final String EMPTY = "-";
    private static final String CRASHED = "CRASHED";
    private static final String UNDONE = "UNDONE";
    /** OSGi symbolic names and versions fit in this; it keeps the separators out. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,256}");
    /** Transaction ids are UUIDs (with a prefix at most); printable, and without the separators. */
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e&&[^|,]]{1,256}");

    private RecordCodec() {
    }

    /** The framed line, newline included. */
    static String encode(JournalRecord record) {
        return CrcLines.frame(payload(record));
    }

    /**
     * The record's payload.
     *
     * @throws IllegalArgumentException when a field cannot be written unambiguously
     */
    static String payload(JournalRecord record) {
        String id = check(ID, record.transactionId(), "transaction id");
        if (record instanceof Intent i) {
            return String.join("\t", "INTENT", id, millis(i.at()),
                    URLEncoder.encode(i.label(), StandardCharsets.UTF_8), list(i.before()), list(i.after()));
        }
        if (record instanceof Commit c) {
            if (c.sequence() < 1) {
                throw new IllegalArgumentException("a commit's sequence starts at 1, not " + c.sequence());
            }
            return String.join("\t", "COMMIT", id, millis(c.at()), Long.toString(c.sequence()), list(c.bundles()),
                    list(c.previous()));
        }
        RolledBack r = (RolledBack) record;
        if (r.cause() == null) {
            if (r.crashed()) {
                throw new IllegalArgumentException("a crashed swap's rollback needs its cause");
            }
            return String.join("\t", "ROLLED_BACK", id, millis(r.at()));
        }
        return String.join("\t", "ROLLED_BACK", id, millis(r.at()), r.crashed() ? CRASHED : UNDONE,
                URLEncoder.encode(r.cause(), StandardCharsets.UTF_8));
    }

    /**
     * Decodes one framed line (without its newline).
     *
     * @throws IllegalArgumentException when the checksum or the syntax is wrong
     */
    static JournalRecord decode(String line) {
        return decodePayload(CrcLines.payload(line));
    }

    /**
     * Decodes one payload.
     *
     * @throws IllegalArgumentException when the syntax is wrong
     */
    static JournalRecord decodePayload(String payload) {
        String[] f = payload.split("\t", -1);
        return switch (f[0]) {
            case "INTENT" -> {
                expect(f, 6);
                yield new Intent(id(f[1]), instant(f[2]), label(f[3]), records(f[4]), records(f[5]));
            }
            case "COMMIT" -> {
                expect(f, 6);
                long sequence = number(f[3]);
                if (sequence < 1) {
                    throw new IllegalArgumentException("commit sequence " + sequence + " is below 1");
                }
                yield new Commit(id(f[1]), instant(f[2]), sequence, records(f[4]), records(f[5]));
            }
            case "ROLLED_BACK" -> {
                if (f.length == 3) {
                    yield new RolledBack(id(f[1]), instant(f[2]));
                }
                expect(f, 5);
                if (!f[3].equals(CRASHED) && !f[3].equals(UNDONE)) {
                    throw new IllegalArgumentException("unknown rollback kind " + abbreviate(f[3]));
                }
                String cause = label(f[4]);
                if (cause.length() > RolledBack.MAX_CAUSE_CHARS) {
                    throw new IllegalArgumentException("rollback cause longer than " + RolledBack.MAX_CAUSE_CHARS);
                }
                yield new RolledBack(id(f[1]), instant(f[2]), f[3].equals(CRASHED), cause);
            }
            default -> throw new IllegalArgumentException("unknown record type " + abbreviate(f[0]));
        };
    }

    private static void expect(String[] fields, int count) {
        if (fields.length != count) {
            throw new IllegalArgumentException(fields[0] + " needs " + count + " fields, has " + fields.length);
        }
    }

    private static String id(String field) {
        return check(ID, field, "transaction id");
    }

    private static String check(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("bad " + what + " " + abbreviate(String.valueOf(value)));
        }
        return value;
    }

    private static String label(String field) {
        String label = URLDecoder.decode(field, StandardCharsets.UTF_8);
        if (!URLEncoder.encode(label, StandardCharsets.UTF_8).equals(field)) {
            throw new IllegalArgumentException("label not in canonical encoding");
        }
        return label;
    }

    /** A long in exactly the form {@link Long#toString} writes: no sign, padding or spaces it would not write. */
    private static long number(String field) {
        long value = Long.parseLong(field);
        if (!Long.toString(value).equals(field)) {
            throw new IllegalArgumentException("number not in canonical form: " + abbreviate(field));
        }
        return value;
    }

    private static String millis(Instant at) {
        return Long.toString(at.toEpochMilli());
    }

    private static Instant instant(String millis) {
        return Instant.ofEpochMilli(number(millis));
    }

    private static String list(List<BundleRecord> records) {
        if (records.isEmpty()) {
            return EMPTY;
        }
        List<String> parts = new ArrayList<>();
        for (BundleRecord r : records) {
            parts.add(check(TOKEN, r.symbolicName(), "symbolic name") + "|" + check(TOKEN, r.version(), "version")
                    + "|" + hash(r.sha256()));
        }
        return String.join(",", parts);
    }

    private static List<BundleRecord> records(String field) {
        if (field.equals(EMPTY)) {
            return List.of();
        }
        List<BundleRecord> records = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String part : field.split(",", -1)) {
            String[] p = part.split("\\|", -1);
            if (p.length != 3) {
                throw new IllegalArgumentException("bad bundle record " + abbreviate(part));
            }
            String name = check(TOKEN, p[0], "symbolic name");
            if (!names.add(name)) {
                throw new IllegalArgumentException("bundle " + name + " listed twice");
            }
            records.add(new BundleRecord(name, check(TOKEN, p[1], "version"), hash(p[2])));
        }
        return records;
    }

    private static String hash(String value) {
        if (!Sha256.isHex(value)) {
            throw new IllegalArgumentException("not a SHA-256: " + abbreviate(String.valueOf(value)));
        }
        return value;
    }

    /** Messages quote the input, bounded: it may be a forged megabyte. */
    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
