package io.patchbay.agent.impl.push;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A strict, bounded reader of a Server-Sent Events stream (the WHATWG event-stream format): lines end with LF, CR
 * or CRLF; {@code :} starts a comment (the server's keepalive); {@code event} names the event, {@code data} lines
 * are joined with LF; {@code id}, {@code retry} and unknown fields are ignored (the agent keeps no last-event id and
 * runs its own reconnect backoff). A blank line dispatches the event, if it has data.
 *
 * <p>Bounds: a line longer than {@link #MAX_LINE_BYTES} or an event whose data exceeds {@link #MAX_EVENT_BYTES} ends
 * the stream with a {@link ProtocolException}: the push channel carries one short line per event, so anything
 * larger is not the server speaking and is not buffered. Every byte read counts as life for the dead-connection
 * watchdog ({@code activity}), comments included.
 */
final class SseReader {
    /** A sealed push is at most 512 bytes, 683 characters of base64url; the hello is a short JSON object. */
    static final int MAX_LINE_BYTES = 4096;
    static final int MAX_EVENT_BYTES = 8192;

    /** One dispatched event: its type ({@code message} when unnamed) and its data. */
    record Event(String type, String data) {
    }

    /** The stream broke the format or its bounds; the connection is dropped. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final Runnable activity;
    private final byte[] buffer = new byte[1024];
    private int position;
    private int limit;
    private boolean atStart = true;
    /** A CR ended the last line: an LF right after it belongs to that line end. */
    private boolean afterCr;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int lineLength;

    SseReader(InputStream in, Runnable activity) {
        this.in = Objects.requireNonNull(in, "in");
        this.activity = Objects.requireNonNull(activity, "activity");
    }

    /** The next event, or null at the end of the stream (an unfinished event at the end is dropped, as specified). */
    Event next() throws IOException {
        String type = null;
        StringBuilder data = null;
        while (true) {
            String text = readLine();
            if (text == null) {
                return null;
            }
            if (text.isEmpty()) {
                if (data != null) {
                    return new Event(type == null || type.isEmpty() ? "message" : type, data.toString());
                }
                type = null;
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                type = value;
            } else if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder();
                } else {
                    data.append('\n');
                }
                if (data.length() + value.length() > MAX_EVENT_BYTES) {
                    throw new ProtocolException("event data exceeds " + MAX_EVENT_BYTES + " bytes");
                }
                data.append(value);
            }
            // id, retry and unknown fields: ignored
        }
    }

    /** One line without its end, or null at the end of the stream (a last line without an end is dropped). */
    private String readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (position == limit && !fill()) {
                return null;
            }
            byte b = buffer[position++];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (atStart) {
                atStart = false;
                if (skipByteOrderMark(b)) {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                afterCr = b == '\r';
                return new String(line, 0, lineLength, StandardCharsets.UTF_8);
            }
            if (lineLength == MAX_LINE_BYTES) {
                throw new ProtocolException("line exceeds " + MAX_LINE_BYTES + " bytes");
            }
            line[lineLength++] = b;
        }
    }

    /** A UTF-8 byte order mark (EF BB BF) at the very start is skipped; true when {@code first} began one. */
    private boolean skipByteOrderMark(byte first) throws IOException {
        if (first != (byte) 0xEF) {
            return false;
        }
        for (byte expected : new byte[] {(byte) 0xBB, (byte) 0xBF}) {
            if (position == limit && !fill()) {
                throw new ProtocolException("stream ends inside its byte order mark");
            }
            if (buffer[position++] != expected) {
                throw new ProtocolException("stream starts with a broken byte order mark");
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        if (n > 0) {
            activity.run();
        }
        return true;
    }
}
