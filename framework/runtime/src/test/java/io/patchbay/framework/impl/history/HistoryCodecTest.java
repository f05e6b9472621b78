package io.patchbay.framework.impl.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryCodecTest {
    private static final String H = "c".repeat(64);
    private static final String GOOD = "RECORD\t3\ttx\tl\t" + H + "\tcom.acme|1.0.0|" + H
            + "\tCOMMITTED\t1893456000.123456789\t2\t3\t~\tVERIFY=0.003000000,COMMIT=2.000000005";

    @Test
    void theWireFormatIsStable() {
        SwapRecord r = new SwapRecord(3, "tx", "l", H, List.of(new BundleRecord("com.acme", "1.0.0", H)),
                Outcome.COMMITTED, Instant.parse("2030-01-01T00:00:00.123456789Z"), 2, 3, null,
                Map.of(SwapStep.COMMIT, Duration.ofSeconds(2, 5), SwapStep.VERIFY, Duration.ofMillis(3)));
        assertEquals(GOOD, HistoryCodec.record(r));
        assertEquals(new HistoryCodec.Entry(r), HistoryCodec.decode(GOOD));
        assertEquals("HISTORY\t2\t5\t4\t3\t~", HistoryCodec.header(5, 4, 3));
        assertEquals("HISTORY\t2\t5\t4\t3\ttx%091", HistoryCodec.header(5, 4, 3, "tx\t1", true));
        assertEquals("HISTORY\t2\t5\t4\t3\t?", HistoryCodec.header(5, 4, 3, null, false));
        assertEquals(new HistoryCodec.Header(2, 5, 4, 3, null, true), HistoryCodec.decode("HISTORY\t2\t5\t4\t3\t~"));
        assertEquals(new HistoryCodec.Header(2, 5, 4, 3, "tx\t1", true), HistoryCodec.decode("HISTORY\t2\t5\t4\t3\ttx%091"));
        assertEquals(new HistoryCodec.Header(2, 5, 4, 3, null, false), HistoryCodec.decode("HISTORY\t2\t5\t4\t3\t?"));
        // format 1 is still read: it said nothing of the records it dropped
        assertEquals("HISTORY\t1\t5\t4\t3", HistoryCodec.legacyHeader(5, 4, 3));
        assertEquals(new HistoryCodec.Header(1, 5, 4, 3, null, false), HistoryCodec.decode("HISTORY\t1\t5\t4\t3"));
        assertEquals(new HistoryCodec.Header(1, 1, 0, 0, null, true), HistoryCodec.decode("HISTORY\t1\t1\t0\t0"));
        assertEquals(new HistoryCodec.Ack(9), HistoryCodec.decode(HistoryCodec.ack(9)));
    }

    @Test
    void timesKeepNanosecondsAndSignsExactly() {
        for (Instant at : List.of(Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999), Instant.MIN, Instant.MAX,
                Instant.ofEpochSecond(0, 1))) {
            SwapRecord r = new SwapRecord(1, "t", "", "", List.of(), Outcome.REJECTED, at, 0, 0, "",
                    Map.of(SwapStep.VERIFY, Duration.ofSeconds(-3, 7), SwapStep.ROLLBACK, Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
            assertEquals(new HistoryCodec.Entry(r), HistoryCodec.decode(HistoryCodec.record(r)), at.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "RECORD", "HISTORY\t1\t1\t0", "HISTORY\t1\t1\t0\t0\t0", "HISTORY\t2\t1\t0\t0", "HISTORY\t2\t1\t0\t0\t~\t~",
        "HISTORY\t2\t1\t0\t0\ta b", "HISTORY\t3\t1\t0\t0\t~", "HISTORY\t01\t1\t0\t0", "HISTORY\t1\t-1\t0\t0",
        "HISTORY\t1\t1\t0\t+0", "ACK", "ACK\t1\t2", "ACK\t-1", "ACK\t1.0", "NOPE\t1",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\t-\textra",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~",
        "RECORD\t3\ttx\tl\tabc\t-\tCOMMITTED\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tcommitted\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.00000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t-0.000000001\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t01.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t99999999999999999.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t9999999999999999999.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t-2\t3\t~\t-",
        "RECORD\t3\ttx\ta b\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\t%zz\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t%7e%\t-",
        "RECORD\t3\ttx\tl\t$H\t\tCOMMITTED\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\ta|1|$H,\tCOMMITTED\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t|1|$H\tCOMMITTED\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\ta|1\tCOMMITTED\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\ta|1|x\tCOMMITTED\t1.000000000\t2\t3\t~\t-",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\t",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\tVERIFY",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\tNOPE=1.000000000",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\tVERIFY=1.000000000,VERIFY=1.000000000",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\tCOMMIT=1.000000000,VERIFY=1.000000000",
        "RECORD\t3\ttx\tl\t$H\t-\tCOMMITTED\t1.000000000\t2\t3\t~\tVERIFY=1s",
    })
    void refusesAnythingTheEncoderWouldNotWrite(String template) {
        String payload = template.replace("$H", H);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HistoryCodec.decode(payload));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void refusalsNameTheReason() {
        assertEquals("history format 3 is not one this runtime reads (it reads 1 and 2)", message("HISTORY\t3\t1\t0\t0"));
        assertEquals("HISTORY needs 6 fields, has 5", message("HISTORY\t2\t1\t0\t0"));
        assertEquals("HISTORY needs 5 fields, has 6", message("HISTORY\t1\t1\t0\t0\t~"));
        assertEquals("RECORD needs 12 fields, has 1", message("RECORD"));
        assertEquals("not a canonical number of at least 0: -1", message("ACK\t-1"));
        assertEquals("not a canonical number of at least 0: 01", message("ACK\t01"));
        assertEquals("unknown line type " + "Z".repeat(80) + "...", message("Z".repeat(81)));
        assertEquals("unknown line type " + "Z".repeat(80), message("Z".repeat(80)));
        assertEquals("bad patch id abc", message(GOOD.replace("\t" + H + "\tcom", "\tabc\tcom")));
        assertEquals("bad time 1", message(GOOD.replace("1893456000.123456789", "1")));
        assertEquals("time not in canonical form: -0.000000001", message(GOOD.replace("1893456000.123456789", "-0.000000001")));
        assertEquals("time out of range: 99999999999999999.000000000",
                message(GOOD.replace("1893456000.123456789", "99999999999999999.000000000")));
        assertEquals("text not in canonical encoding: a b", message(GOOD.replace("\ttx\tl\t", "\ttx\ta b\t")));
        assertEquals("bad bundle |1.0.0|" + H, message(GOOD.replace("com.acme|", "|")));
        assertEquals("not a SHA-256: x", message(GOOD.replace("com.acme|1.0.0|" + H, "com.acme|1.0.0|x")));
        assertEquals("bad timing VERIFY", message(GOOD.replace("VERIFY=0.003000000", "VERIFY")));
        assertEquals("timings out of step order at VERIFY",
                message(GOOD.replace("VERIFY=0.003000000,COMMIT=2.000000005", "COMMIT=2.000000005,VERIFY=0.003000000")));
        assertEquals("timings out of step order at VERIFY",
                message(GOOD.replace("VERIFY=0.003000000,COMMIT=2.000000005", "VERIFY=0.003000000,VERIFY=0.003000000")));
    }

    private static String message(String payload) {
        return assertThrows(IllegalArgumentException.class, () -> HistoryCodec.decode(payload)).getMessage();
    }

    /** Random payloads, truncations and flips: only the documented refusal, or a decode that re-encodes exactly. */
    @Test
    void fuzzedInputOnlyEverDecodesCanonicallyOrFailsAsDocumented() {
        Random random = new Random(7);
        List<String> seeds = List.of(GOOD, HistoryCodec.header(12, 3, 1), HistoryCodec.ack(42),
                HistoryCodec.legacyHeader(12, 3, 1), HistoryCodec.header(12, 3, 1, "tx-9", true),
                HistoryCodec.record(Records.record(5).withSequence(5)));
        String alphabet = "\t|,=.-~%+0123456789 ";
        for (int i = 0; i < 8_000; i++) {
            String seed = seeds.get(random.nextInt(seeds.size()));
            String payload;
            switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] noise = new byte[random.nextInt(120)];
                    random.nextBytes(noise);
                    payload = new String(noise, StandardCharsets.UTF_8);
                }
                case 1 -> payload = seed.substring(0, random.nextInt(seed.length() + 1));
                case 2 -> {
                    char[] chars = seed.toCharArray();
                    chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                    payload = new String(chars);
                }
                default -> {
                    int at = random.nextInt(seed.length() + 1);
                    payload = seed.substring(0, at) + alphabet.charAt(random.nextInt(alphabet.length())) + seed.substring(at);
                }
            }
            HistoryCodec.Line line;
            try {
                line = HistoryCodec.decode(payload);
            } catch (IllegalArgumentException expected) {
                continue;
            } catch (RuntimeException e) {
                fail("undocumented " + e + " for " + payload, e);
                return;
            }
            assertEquals(payload, encode(line), "a decoded line has one spelling");
        }
    }

    private static String encode(HistoryCodec.Line line) {
        if (line instanceof HistoryCodec.Header h) {
            return h.version() == 1 ? HistoryCodec.legacyHeader(h.firstSequence(), h.acknowledged(), h.dropped())
                    : HistoryCodec.header(h.firstSequence(), h.acknowledged(), h.dropped(), h.journaled(), h.known());
        }
        if (line instanceof HistoryCodec.Ack a) {
            return HistoryCodec.ack(a.sequence());
        }
        return HistoryCodec.record(((HistoryCodec.Entry) line).record());
    }
}
