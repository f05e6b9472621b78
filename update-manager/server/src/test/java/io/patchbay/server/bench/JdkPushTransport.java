package io.patchbay.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;

/**
 * The first transport of the bench's light clients: one shared JDK HttpClient with a line subscriber per stream. It
 * is kept to compare with ({@code -Dpatchbay.bench.pushClient=jdk}): its reading pipeline costs the client side
 * about 0.1 ms of CPU per received push, which on a shared machine is taken from the node under test.
 */
final class JdkPushTransport implements PushTransport {
    private final HttpClient http;
    private final StreamEvents events;
    private final List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();

    JdkPushTransport(SSLContext tls, StreamEvents events) {
        this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        this.events = events;
    }

    @Override
    public void open(URI node, int index, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(LightPushClients.STREAM)).GET()
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(index)));
        stream.whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 503) {
                events.busy(index, response.headers().firstValueAsLong("Retry-After").orElse(1));
            } else {
                events.failed(index, error != null ? error.getClass().getSimpleName() + ": " + error.getMessage()
                        : "HTTP " + response.statusCode());
            }
        });
        synchronized (streams) {
            streams.add(stream);
        }
    }

    @Override
    public void close() {
        synchronized (streams) {
            streams.forEach(s -> s.cancel(true));
        }
    }

    /** One stream's lines: {@code event:} names the next {@code data:} line; blank lines end an event. */
    private final class Lines implements Flow.Subscriber<String> {
        private final int index;
        private String event;

        Lines(int index) {
            this.index = index;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                events.event(index, event, line.substring(6));
            } else if (line.isEmpty()) {
                event = null;
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // reported by the stream's future
        }

        @Override
        public void onComplete() {
        }
    }
}
