package io.patchbay.server.https;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A light server-sent-events client for tests (not the agent's): opens {@code GET /device/v1/push} with the given
 * headers and queues what arrives, comments included, so a test can wait (bounded) for the next one.
 */
final class PushStreamClient implements AutoCloseable {
    /** One event ({@code event}/{@code data}), or a comment ({@code event} ":"); {@link #END} when the stream ends. */
    record Event(String event, String data) {
    }

    static final Event END = new Event("end", "");
    static final Duration WAIT = Duration.ofSeconds(20);

    final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    /** Whether the stream broke (reset, truncated chunk) rather than ended cleanly. */
    volatile boolean cut;

    private PushStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "push-stream-client");
        this.reader.setDaemon(true);
        if (response.statusCode() == 200) {
            reader.start();
        }
    }

    static PushStreamClient open(HttpClient http, URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new PushStreamClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    /** The error body of a refused stream. */
    String body() throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The next event or comment, waiting at most {@link #WAIT}; null when none came. */
    Event next() throws InterruptedException {
        return events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads up to the end of the stream; false if it did not end within the bounded waits. */
    boolean ended() throws InterruptedException {
        Event next;
        do {
            next = next();
            if (next == null) {
                return false;
            }
        } while (next != END);
        return true;
    }

    /** The next event that is not a comment. */
    Event nextEvent() throws InterruptedException {
        while (true) {
            Event event = next();
            if (event == null || !":".equals(event.event())) {
                return event;
            }
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null || data.length() > 0) {
                        events.add(new Event(event == null ? "message" : event, data.toString()));
                    }
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    events.add(new Event(":", line.substring(1).trim()));
                } else if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring("data: ".length()));
                }
            }
        } catch (IOException e) {
            cut = true; // END follows
        }
        events.add(END);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
