package io.patchbay.framework.impl.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.impl.journal.JournalRecord.Commit;
import io.patchbay.framework.impl.journal.JournalRecord.Intent;
import io.patchbay.framework.impl.journal.JournalRecord.RolledBack;
import io.patchbay.framework.impl.store.CrcLines;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The journal's record format: exact round trips, strict refusals, and a decoder that only ever says "no". */
class RecordCodecTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123Z");
    private static final String H1 = "a".repeat(64);
    private static final String H2 = "0123456789abcdef".repeat(4);
    private static final BundleRecord A = new BundleRecord("com.acme.a", "1.0.0", H1);
    private static final BundleRecord B = new BundleRecord("com.acme.b_x-y", "2.0.0.qualifier-1", H2);

    private static List<JournalRecord> samples() {
        return List.of(
                new Intent("tx-1", T0, "release 7\twith\ttabs\nand a newline, 100% \u00e9 |,", List.of(A), List.of(A, B)),
                new Intent("initial-0c6e", Instant.EPOCH, "", List.of(), List.of()),
                new Commit("tx-2", T0, 1, List.of(A, B), List.of()),
                new Commit("tx-3", T0.minusSeconds(5_000_000_000L), Long.MAX_VALUE, List.of(B), List.of(A)),
                new RolledBack("tx-4", T0),
                new RolledBack("tx-5", T0, false, "health check failed:\tno\nanswer, 100% \u00e9"),
                new RolledBack("tx-6", T0, true, ""));
    }

    @Test
    void everyRecordRoundTripsExactly() {
        for (JournalRecord record : samples()) {
            String line = RecordCodec.encode(record);
            assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
            assertEquals(record, RecordCodec.decode(line.substring(0, line.length() - 1)));
            assertEquals(record, RecordCodec.decodePayload(RecordCodec.payload(record)));
        }
    }

    @Test
    void theWireFormatIsStable() {
        // journals written by earlier builds must keep reading
        assertEquals("ROLLED_BACK\ttx-4\t1893456000123", RecordCodec.payload(new RolledBack("tx-4", T0)));
        assertEquals("COMMIT\ttx\t1893456000123\t3\tcom.acme.a|1.0.0|" + H1 + ",com.acme.b_x-y|2.0.0.qualifier-1|" + H2
                + "\t-", RecordCodec.payload(new Commit("tx", T0, 3, List.of(A, B), List.of())));
        assertEquals("INTENT\ttx\t1893456000123\ta+b%09c\t-\tcom.acme.a|1.0.0|" + H1,
                RecordCodec.payload(new Intent("tx", T0, "a b\tc", List.of(), List.of(A))));
    }

    @Test
    void aRollbackCarriesWhatTheHistoryNeeds() {
        assertEquals("ROLLED_BACK\ttx\t1893456000123\tUNDONE\ta+b%09c",
                RecordCodec.payload(new RolledBack("tx", T0, false, "a b\tc")));
        assertEquals("ROLLED_BACK\ttx\t1893456000123\tCRASHED\tdied",
                RecordCodec.payload(new RolledBack("tx", T0, true, "died")));
        assertEquals(new RolledBack("tx", T0, true, "died"),
                RecordCodec.decodePayload("ROLLED_BACK\ttx\t1893456000123\tCRASHED\tdied"));
        assertEquals("a crashed swap's rollback needs its cause", assertThrows(IllegalArgumentException.class,
                () -> RecordCodec.payload(new RolledBack("tx", T0, true, null))).getMessage());
        assertEquals("unknown rollback kind crashed", message("ROLLED_BACK\ttx\t1\tcrashed\tx"));
        assertEquals("ROLLED_BACK needs 5 fields, has 4", message("ROLLED_BACK\ttx\t1\tUNDONE"));
        assertEquals("ROLLED_BACK needs 5 fields, has 6", message("ROLLED_BACK\ttx\t1\tUNDONE\tx\ty"));
        assertEquals("label not in canonical encoding", message("ROLLED_BACK\ttx\t1\tUNDONE\ta%20b"));
        String longest = "x".repeat(RolledBack.MAX_CAUSE_CHARS);
        assertEquals(longest, RecordCodec.decodePayload("ROLLED_BACK\ttx\t1\tUNDONE\t" + longest) instanceof RolledBack r
                ? r.cause() : null);
        assertEquals("rollback cause longer than " + RolledBack.MAX_CAUSE_CHARS,
                message("ROLLED_BACK\ttx\t1\tUNDONE\t" + longest + "x"));
    }

    @Test
    void aRollbackCauseIsCutToItsBoundWithoutSplittingACharacter() {
        String max = "y".repeat(RolledBack.MAX_CAUSE_CHARS);
        assertEquals(max, new RolledBack("tx", T0, false, max).cause());
        assertEquals(max, new RolledBack("tx", T0, false, max + "zz").cause());
        String pair = "y".repeat(RolledBack.MAX_CAUSE_CHARS - 1) + "\ud83d\ude00";
        assertEquals("y".repeat(RolledBack.MAX_CAUSE_CHARS - 1), new RolledBack("tx", T0, false, pair).cause());
        assertEquals(null, new RolledBack("tx", T0).cause());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "INTENT",
        "INTENT\ttx\t1\tlabel\t-",
        "INTENT\ttx\t1\tlabel\t-\t-\textra",
        "COMMIT\ttx\t1\t1\t-",
        "COMMIT\ttx\t1\t1\t-\t-\t",
        "ROLLED_BACK\ttx",
        "ROLLED_BACK\ttx\t1\t",
        "ROLLED_BACK\ttx\t1\textra",
        "rolled_back\ttx\t1",
        "UNKNOWN\ttx\t1",
        "ROLLED_BACK\t\t1",
        "ROLLED_BACK\ttx id\t1",
        "ROLLED_BACK\ttx|id\t1",
        "ROLLED_BACK\ttx\t+1",
        "ROLLED_BACK\ttx\t01",
        "ROLLED_BACK\ttx\t 1",
        "ROLLED_BACK\ttx\t1.5",
        "ROLLED_BACK\ttx\t",
        "ROLLED_BACK\ttx\t99999999999999999999",
        "COMMIT\ttx\t1\t0\t-\t-",
        "COMMIT\ttx\t1\t-1\t-\t-",
        "INTENT\ttx\t1\t%zz\t-\t-",
        "INTENT\ttx\t1\ta b\t-\t-",
        "INTENT\ttx\t1\t%41\t-\t-",
        "INTENT\ttx\t1\tl\t\t-",
        "INTENT\ttx\t1\tl\t--\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a|1.0.0|$A,\t-",
        "COMMIT\ttx\t1\t1\t,com.acme.a|1.0.0|$A\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a|1.0.0|$A,,com.acme.b|1|$B\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a|1.0.0|$A,com.acme.a|2.0.0|$B\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a|1.0.0\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a|1.0.0|$A|x\t-",
        "COMMIT\ttx\t1\t1\t|1.0.0|$A\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a||$A\t-",
        "COMMIT\ttx\t1\t1\tcom acme|1.0.0|$A\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a|1.0.0|$U\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a|1.0.0|$S\t-",
        "COMMIT\ttx\t1\t1\tcom.acme.a|1.0.0|../../../../etc/passwd\t-",
    })
    void refusesMalformedPayloadsWithTheDocumentedException(String template) {
        String payload = template.replace("$A", H1).replace("$B", H2).replace("$U", "A".repeat(64))
                .replace("$S", "a".repeat(63));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodePayload(payload));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void refusalsNameTheReason() {
        assertEquals("INTENT needs 6 fields, has 7", message("INTENT\ttx\t1\tl\t-\t-\t-"));
        assertEquals("ROLLED_BACK needs 5 fields, has 2", message("ROLLED_BACK\ttx"));
        assertEquals("unknown record type NOPE", message("NOPE\ttx\t1"));
        assertEquals("number not in canonical form: 01", message("ROLLED_BACK\ttx\t01"));
        assertEquals("commit sequence 0 is below 1", message("COMMIT\ttx\t1\t0\t-\t-"));
        assertEquals("label not in canonical encoding", message("INTENT\ttx\t1\t%41\t-\t-"));
        assertEquals("bad transaction id tx id", message("ROLLED_BACK\ttx id\t1"));
        assertEquals("bundle com.acme.a listed twice",
                message("COMMIT\ttx\t1\t1\tcom.acme.a|1|" + H1 + ",com.acme.a|2|" + H2 + "\t-"));
        assertEquals("bad bundle record ", message("COMMIT\ttx\t1\t1\tcom.acme.a|1|" + H1 + ",\t-"));
        assertEquals("bad symbolic name com acme", message("COMMIT\ttx\t1\t1\tcom acme|1|" + H1 + "\t-"));
        assertEquals("bad version ", message("COMMIT\ttx\t1\t1\tcom.acme|" + "|" + H1 + "\t-"));
        assertEquals("not a SHA-256: " + "A".repeat(64), message("COMMIT\ttx\t1\t1\tcom.acme|1|" + "A".repeat(64) + "\t-"));
        assertEquals("unknown record type " + "X".repeat(80) + "...", message("X".repeat(500)));
        assertEquals("unknown record type " + "X".repeat(80), message("X".repeat(80)));
    }

    private static String message(String payload) {
        return assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodePayload(payload)).getMessage();
    }

    @Test
    void theEncoderRefusesWhatItCouldNotWriteUnambiguously() {
        List<JournalRecord> bad = List.of(
                new RolledBack("tx\tinjected", T0),
                new RolledBack("", T0),
                new RolledBack("tx,1", T0),
                new Commit("tx", T0, 0, List.of(), List.of()),
                new Commit("tx", T0, 1, List.of(new BundleRecord("a|b", "1", H1)), List.of()),
                new Commit("tx", T0, 1, List.of(new BundleRecord("a", "1,2", H1)), List.of()),
                new Commit("tx", T0, 1, List.of(new BundleRecord("a", "", H1)), List.of()),
                new Commit("tx", T0, 1, List.of(new BundleRecord("a", "1", "../x")), List.of()),
                new Intent("tx", T0, "l", List.of(new BundleRecord("a\nb", "1", H1)), List.of()));
        for (JournalRecord record : bad) {
            assertThrows(IllegalArgumentException.class, () -> RecordCodec.payload(record), record.toString());
        }
        assertEquals("a commit's sequence starts at 1, not 0",
                assertThrows(IllegalArgumentException.class,
                        () -> RecordCodec.payload(new Commit("tx", T0, 0, List.of(), List.of()))).getMessage());
    }

    /**
     * Random lines, truncations and bit flips of real records: the decoder either refuses with an
     * IllegalArgumentException or decodes a record that encodes back to exactly the same payload.
     */
    @Test
    void fuzzedInputOnlyEverDecodesCanonicallyOrFailsAsDocumented() {
        Random random = new Random(20300101L);
        List<String> seeds = new ArrayList<>();
        samples().forEach(r -> seeds.add(RecordCodec.payload(r)));
        int decoded = 0;
        for (int i = 0; i < 8_000; i++) {
            String payload = mutate(seeds.get(random.nextInt(seeds.size())), random);
            decoded += tryDecode(payload) ? 1 : 0;
            tryDecodeLine(payload, random);
        }
        assertTrue(decoded > 0, "some mutations stay valid (e.g. a changed hex digit)");
    }

    private static String mutate(String seed, Random random) {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] noise = new byte[random.nextInt(200)];
                random.nextBytes(noise);
                return new String(noise, StandardCharsets.UTF_8);
            }
            case 1 -> {
                return new String(bytes, 0, random.nextInt(bytes.length + 1), StandardCharsets.UTF_8);
            }
            case 2 -> {
                int at = random.nextInt(bytes.length);
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case 3 -> {
                char[] chars = seed.toCharArray();
                String alphabet = "\t|,-%+0 \u0000a9";
                chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                return new String(chars);
            }
            default -> {
                int at = random.nextInt(seed.length() + 1);
                return seed.substring(0, at) + "\t|,".charAt(random.nextInt(3)) + seed.substring(at);
            }
        }
    }

    private static boolean tryDecode(String payload) {
        JournalRecord record;
        try {
            record = RecordCodec.decodePayload(payload);
        } catch (IllegalArgumentException expected) {
            return false;
        } catch (RuntimeException e) {
            fail("undocumented " + e + " for " + payload, e);
            return false;
        }
        assertEquals(payload, RecordCodec.payload(record), "a decoded record has one spelling");
        return true;
    }

    private static void tryDecodeLine(String payload, Random random) {
        String line = random.nextBoolean() ? payload : CrcLines.frame(payload.replace("\n", "").replace("\r", "")).strip();
        try {
            RecordCodec.decode(line);
        } catch (IllegalArgumentException expected) {
            // the documented refusal
        } catch (RuntimeException e) {
            fail("undocumented " + e + " for line " + line, e);
        }
    }
}
