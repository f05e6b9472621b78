package io.patchbay.agent.impl.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The event-stream reader: the format's corners, its bounds, and seeded random input. */
class SseReaderTest {

    static List<SseReader.Event> read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<SseReader.Event> read(byte[] bytes) throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(bytes), () -> { });
        List<SseReader.Event> events = new ArrayList<>();
        for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
            events.add(e);
        }
        return events;
    }

    @Test
    void helloPushAndKeepaliveComments() throws IOException {
        List<SseReader.Event> events = read("event: hello\ndata: {\"keepaliveSeconds\":25}\n\n: k\n\n"
                + "event: push\ndata: abc_-\n\n");
        assertEquals(List.of(new SseReader.Event("hello", "{\"keepaliveSeconds\":25}"),
                new SseReader.Event("push", "abc_-")), events);
    }

    @Test
    void lineEndsLfCrAndCrLfAndAByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String body = "event: push\r\ndata: a\r\r" + "event:push\rdata:b\n\r\n" + "data: c\r\n\r\n";
        byte[] bytes = new byte[bom.length + body.length()];
        System.arraycopy(bom, 0, bytes, 0, 3);
        System.arraycopy(body.getBytes(StandardCharsets.US_ASCII), 0, bytes, 3, body.length());
        assertEquals(List.of(new SseReader.Event("push", "a"), new SseReader.Event("push", "b"),
                new SseReader.Event("message", "c")), read(bytes));
    }

    @Test
    void dataLinesJoinUnknownFieldsIdAndRetryAreIgnored() throws IOException {
        assertEquals(List.of(new SseReader.Event("push", "one\ntwo")),
                read("id: 7\nretry: 1\nevent: push\nfoo: bar\ndata: one\ndata: two\nnocolon\n\n"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsTypeDoesNotLeak() throws IOException {
        assertEquals(List.of(new SseReader.Event("message", "x")), read("event: push\n\ndata: x\n\n"));
    }

    @Test
    void anUnfinishedEventAtTheEndIsDropped() throws IOException {
        assertEquals(List.of(), read("event: push\ndata: cut"));
        assertEquals(List.of(), read("event: push\ndata: cut\n"));
    }

    @Test
    void aLineOverTheBoundEndsTheStream() {
        String longLine = "data: " + "a".repeat(SseReader.MAX_LINE_BYTES) + "\n\n";
        IOException e = assertThrows(SseReader.ProtocolException.class, () -> read(longLine));
        assertTrue(e.getMessage().contains("line exceeds"), e.getMessage());
        // exactly at the bound is fine
        String atBound = "data: " + "a".repeat(SseReader.MAX_LINE_BYTES - 6) + "\n\n";
        assertEquals(1, assertDoesNotFail(atBound).size());
    }

    @Test
    void eventDataOverTheBoundEndsTheStream() {
        String line = "data: " + "a".repeat(3000) + "\n";
        IOException e = assertThrows(SseReader.ProtocolException.class, () -> read(line.repeat(4) + "\n"));
        assertTrue(e.getMessage().contains("event data exceeds"), e.getMessage());
    }

    @Test
    void aBrokenByteOrderMarkIsRefused() {
        assertThrows(SseReader.ProtocolException.class, () -> read(new byte[] {(byte) 0xEF, 'x', 'y'}));
    }

    @Test
    void everyByteReadCountsAsLifeCommentsIncluded() throws IOException {
        AtomicInteger reads = new AtomicInteger();
        InputStream slow = new InputStream() {
            final byte[] text = ": k\n\n: k\n\n".getBytes(StandardCharsets.US_ASCII);
            int i;

            @Override
            public int read() {
                return i < text.length ? text[i++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= text.length) {
                    return -1;
                }
                b[off] = text[i++];
                return 1;
            }
        };
        assertNull(new SseReader(slow, reads::incrementAndGet).next());
        assertEquals(10, reads.get());
    }

    /** Seeded random streams built from the format's own pieces: only events or a ProtocolException, bounded. */
    @Test
    void seededFuzzNeverFailsOtherwiseAndStaysBounded() {
        Random random = new Random(0x5EED);
        String[] pieces = {"event", "data", "id", "retry", ":", " ", "\n", "\r", "\r\n", "push", "hello", "x",
                "\u00e9", "\u0000", "a".repeat(700)};
        int protocolErrors = 0;
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextBoolean()) {
                for (int flips = random.nextInt(4); flips > 0 && bytes.length > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                for (SseReader.Event event : read(bytes)) {
                    assertTrue(event.data().length() <= SseReader.MAX_EVENT_BYTES);
                }
            } catch (SseReader.ProtocolException e) {
                protocolErrors++;
            } catch (IOException e) {
                throw new AssertionError("only protocol errors expected from in-memory input", e);
            }
        }
        assertTrue(protocolErrors > 0, "the fuzz reached the bounds at least once");
    }

    private static List<SseReader.Event> assertDoesNotFail(String text) {
        try {
            return read(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
