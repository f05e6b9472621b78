package io.patchbay.framework.impl.journal;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.impl.journal.JournalRecord.Commit;
import io.patchbay.framework.impl.journal.JournalRecord.Intent;
import io.patchbay.framework.impl.journal.JournalRecord.RolledBack;
import io.patchbay.framework.impl.store.Sha256;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The journal's line format: {@code <crc32 hex> <TYPE>\t<field>...\n}. The CRC covers the payload, so a record torn
 * by a crash mid-write is recognised. Bundle lists are {@code bsn|version|sha256} joined by commas ({@code -} when
 * empty); symbolic names and versions cannot contain those separators, and the label is URL-encoded.
 */
final class RecordCodec {
    private static final String EMPTY = "-";

    private RecordCodec() {
    }

    static String encode(JournalRecord record) {
        String payload;
        if (record instanceof Intent i) {
            payload = String.join("\t", "INTENT", i.transactionId(), millis(i.at()),
                    URLEncoder.encode(i.label(), StandardCharsets.UTF_8), list(i.before()), list(i.after()));
        } else if (record instanceof Commit c) {
            payload = String.join("\t", "COMMIT", c.transactionId(), millis(c.at()),
                    Long.toString(c.sequence()), list(c.bundles()), list(c.previous()));
        } else {
            payload = String.join("\t", "ROLLED_BACK", record.transactionId(), millis(record.at()));
        }
        return crc(payload) + " " + payload + "\n";
    }

    /**
     * Decodes one line (without its newline).
     *
     * @throws IllegalArgumentException when the checksum or the syntax is wrong
     */
    static JournalRecord decode(String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            throw new IllegalArgumentException("no checksum");
        }
        String payload = line.substring(space + 1);
        if (!crc(payload).equals(line.substring(0, space))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        String[] f = payload.split("\t", -1);
        return switch (f[0]) {
            case "INTENT" -> {
                expect(f, 6);
                yield new Intent(f[1], instant(f[2]), URLDecoder.decode(f[3], StandardCharsets.UTF_8),
                        records(f[4]), records(f[5]));
            }
            case "COMMIT" -> {
                expect(f, 6);
                yield new Commit(f[1], instant(f[2]), Long.parseLong(f[3]), records(f[4]), records(f[5]));
            }
            case "ROLLED_BACK" -> {
                expect(f, 3);
                yield new RolledBack(f[1], instant(f[2]));
            }
            default -> throw new IllegalArgumentException("unknown record type " + f[0]);
        };
    }

    private static void expect(String[] fields, int count) {
        if (fields.length != count) {
            throw new IllegalArgumentException(fields[0] + " needs " + count + " fields, has " + fields.length);
        }
    }

    private static String crc(String payload) {
        CRC32 crc = new CRC32();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    private static String millis(Instant at) {
        return Long.toString(at.toEpochMilli());
    }

    private static Instant instant(String millis) {
        return Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static String list(List<BundleRecord> records) {
        if (records.isEmpty()) {
            return EMPTY;
        }
        List<String> parts = new ArrayList<>();
        for (BundleRecord r : records) {
            parts.add(r.symbolicName() + "|" + r.version() + "|" + r.sha256());
        }
        return String.join(",", parts);
    }

    private static List<BundleRecord> records(String field) {
        if (field.equals(EMPTY)) {
            return List.of();
        }
        List<BundleRecord> records = new ArrayList<>();
        for (String part : field.split(",")) {
            String[] p = part.split("\\|", -1);
            if (p.length != 3 || p[0].isEmpty() || !Sha256.isHex(p[2])) {
                throw new IllegalArgumentException("bad bundle record " + part);
            }
            records.add(new BundleRecord(p[0], p[1], p[2]));
        }
        return records;
    }
}
