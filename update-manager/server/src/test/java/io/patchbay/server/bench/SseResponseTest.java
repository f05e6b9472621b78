package io.patchbay.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The push bench's response reader: what its light clients count as delivered depends on it. */
class SseResponseTest {
    private final List<String> seen = new ArrayList<>();
    private final SseResponse response = new SseResponse(new SseResponse.Listener() {
        @Override
        public void event(String event, String data) {
            seen.add(event + "=" + data);
        }

        @Override
        public void busy(long retryAfterSeconds) {
            seen.add("busy " + retryAfterSeconds);
        }

        @Override
        public void failed(String reason) {
            seen.add("failed: " + reason);
        }
    });

    private void feed(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            response.take(b);
        }
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    @Test
    void chunkedEventsAreReadWhateverTheChunkBoundaries() {
        feed("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        feed(chunk("event: hello\ndata: {\"node\":\"a\"}\n\n"));
        feed(chunk(": k\n\n"));
        feed(chunk("event: push\nda") + chunk("ta: AAAA\r\n\n"));
        assertEquals(List.of("hello={\"node\":\"a\"}", "push=AAAA"), seen);
        feed("0\r\n\r\n");
        assertEquals("failed: the stream ended", seen.get(2));
        assertTrue(response.done());
    }

    @Test
    void busyCarriesRetryAfterAndOtherStatusesFail() {
        feed("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n");
        assertEquals(List.of("busy 7"), seen);
        SseResponseTest other = new SseResponseTest();
        other.feed("HTTP/1.1 401 Unauthorized\r\n\r\n");
        assertEquals(List.of("failed: HTTP 401"), other.seen);
    }

    @Test
    void oversizeHeadsLinesAndChunkSizesFail() {
        feed("HTTP/1.1 200 OK\r\n" + "X: " + "a".repeat(SseResponse.MAX_HEAD));
        assertEquals(List.of("failed: a response head of more than " + SseResponse.MAX_HEAD + " bytes"), seen);

        SseResponseTest line = new SseResponseTest();
        line.feed("HTTP/1.1 200 OK\r\n\r\ndata: " + "b".repeat(SseResponse.MAX_LINE));
        assertEquals(List.of("failed: an event line of more than " + SseResponse.MAX_LINE + " bytes"), line.seen);

        SseResponseTest size = new SseResponseTest();
        size.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertEquals(List.of("failed: a chunk size that is not hexadecimal: zz"), size.seen);
    }
}
