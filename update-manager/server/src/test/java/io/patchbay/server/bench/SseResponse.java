package io.patchbay.server.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one push stream's HTTP/1.1 response, byte by byte as TLS hands them over: the head (200, or 503 with
 * Retry-After), then the body, chunked or not, as server-sent events ({@code event:} names the next {@code data:}
 * line; a blank line ends an event). Bounded: a head, a chunk-size line or an event line beyond its limit fails the
 * stream. Not thread-safe: one stream's bytes arrive on one selector thread.
 */
final class SseResponse {
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_LINE = 64 * 1024;

    /** What the response says. After {@link #busy} or {@link #failed} no more bytes are read. */
    interface Listener {
        void event(String event, String data);

        void busy(long retryAfterSeconds);

        void failed(String reason);
    }

    private final Listener listener;
    private final StringBuilder head = new StringBuilder();
    private boolean inBody;
    private boolean chunked;
    private boolean done;
    /** Bytes left in the current chunk; -1 while reading a chunk-size line, -2 for the CRLF after the data. */
    private long chunkLeft = -1;
    private final StringBuilder sizeLine = new StringBuilder();
    private byte[] line = new byte[512];
    private int lineLength;
    private String event;

    SseResponse(Listener listener) {
        this.listener = listener;
    }

    /** The stream ended (503, an error, or the last chunk): further bytes are not read. */
    boolean done() {
        return done;
    }

    void take(byte b) {
        if (done) {
            return;
        }
        if (!inBody) {
            head(b);
        } else if (!chunked) {
            text(b);
        } else if (chunkLeft > 0) {
            chunkLeft--;
            text(b);
            if (chunkLeft == 0) {
                chunkLeft = -2;
            }
        } else if (chunkLeft == -2) {
            if (b == '\n') {
                chunkLeft = -1;
            }
        } else if (b == '\n') {
            chunkSize();
        } else if (sizeLine.length() < 64) {
            sizeLine.append((char) b);
        } else {
            fail("a chunk-size line of more than 64 bytes");
        }
    }

    private void chunkSize() {
        String size = sizeLine.toString().trim();
        sizeLine.setLength(0);
        int extension = size.indexOf(';');
        try {
            chunkLeft = Long.parseLong(extension < 0 ? size : size.substring(0, extension), 16);
        } catch (NumberFormatException e) {
            fail("a chunk size that is not hexadecimal: " + size);
            return;
        }
        if (chunkLeft <= 0) {
            fail("the stream ended");
        }
    }

    private void head(byte b) {
        head.append((char) b);
        if (head.length() > MAX_HEAD) {
            fail("a response head of more than " + MAX_HEAD + " bytes");
            return;
        }
        int length = head.length();
        if (length < 4 || b != '\n' || head.charAt(length - 2) != '\r' || head.charAt(length - 3) != '\n'
                || head.charAt(length - 4) != '\r') {
            return;
        }
        String[] lines = head.toString().split("\r\n");
        String[] status = lines[0].split(" ");
        long retryAfter = 1;
        for (String header : lines) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("retry-after:")) {
                try {
                    retryAfter = Long.parseLong(header.substring("retry-after:".length()).trim());
                } catch (NumberFormatException e) {
                    retryAfter = 1;
                }
            }
        }
        inBody = true;
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            fail("not an HTTP/1.x response: " + lines[0]);
        } else if ("503".equals(status[1])) {
            done = true;
            listener.busy(retryAfter);
        } else if (!"200".equals(status[1])) {
            fail("HTTP " + status[1]);
        }
    }

    private void text(byte b) {
        if (b != '\n') {
            if (lineLength == line.length) {
                if (line.length >= MAX_LINE) {
                    fail("an event line of more than " + MAX_LINE + " bytes");
                    return;
                }
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
            return;
        }
        int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        lineLength = 0;
        if (length == 0) {
            event = null;
        } else if (startsWith(length, "event: ")) {
            event = new String(line, 7, length - 7, StandardCharsets.UTF_8);
        } else if (startsWith(length, "data: ")) {
            listener.event(event, new String(line, 6, length - 6, StandardCharsets.UTF_8));
        }
    }

    private boolean startsWith(int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void fail(String reason) {
        done = true;
        listener.failed(reason);
    }
}
