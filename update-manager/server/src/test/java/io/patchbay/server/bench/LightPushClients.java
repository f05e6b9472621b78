package io.patchbay.server.bench;

import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.push.PushOpener;
import io.patchbay.crypto.api.push.PushRefusedException;
import io.patchbay.crypto.api.request.RequestSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.net.ssl.SSLContext;

/**
 * Light push clients for {@link PushBench}: each holds one real {@code GET /device/v1/push} stream (signed with its
 * own key, over TLS) on one shared JDK HttpClient, reading it with a line subscriber, so an idle client costs no
 * thread. A client records when its hello and its last push arrived (wall clock, ms: the nodes run in other JVMs on
 * the same machine) and keeps the push's text; pushes are opened afterwards, off the timed path.
 */
final class LightPushClients implements AutoCloseable {
    static final String STREAM = "/device/v1/push";

    record Identity(String clientId, SigningKeyPair signing, SealingKeyPair sealing) {
    }

    private final List<Identity> identities;
    private final HttpClient http;
    private final AtomicLongArray helloAt;
    private final AtomicLongArray pushAt;
    private final AtomicReferenceArray<String> pushText;
    private final AtomicInteger hellos = new AtomicInteger();
    private final AtomicInteger pushes = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private static final int MAX_ATTEMPTS = 10;
    private final java.util.concurrent.ScheduledExecutorService retries =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    private final java.util.Map<String, Integer> failureReasons = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();

    LightPushClients(List<Identity> identities, SSLContext tls) {
        this.identities = identities;
        this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        this.helloAt = new AtomicLongArray(identities.size());
        this.pushAt = new AtomicLongArray(identities.size());
        this.pushText = new AtomicReferenceArray<>(identities.size());
    }

    static List<Identity> read(Path keysFile) throws Exception {
        List<Identity> result = new ArrayList<>();
        Base64.Decoder b64 = Base64.getDecoder();
        for (String line : Files.readAllLines(keysFile)) {
            String[] f = line.split(" ");
            result.add(new Identity(f[0], SigningKeyPair.fromPkcs8(b64.decode(f[1])), SealingKeyPair.fromPkcs8(b64.decode(f[2]))));
        }
        return result;
    }

    int size() {
        return identities.size();
    }

    /**
     * Opens every stream, client i to {@code nodes[i % nodes.length]}, at most {@code parallel} handshakes at once,
     * and waits (bounded) for every hello. Returns the number of clients that got theirs.
     */
    int connect(URI[] nodes, int parallel, Duration timeout) throws Exception {
        Semaphore handshakes = new Semaphore(parallel);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < identities.size(); i++) {
            if (!handshakes.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            open(nodes[i % nodes.length], i, handshakes, 1);
        }
        while (hellos.get() + failures.get() < identities.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        retries.shutdownNow();
        return hellos.get();
    }

    /** Opens client {@code index}'s stream; a 503 (the node shedding load) is retried after Retry-After, as agents do. */
    private void open(URI node, int index, Semaphore handshakes, int attempt) {
        Identity id = identities.get(index);
        RequestSigner signer = new RequestSigner(id.clientId(), id.signing(), Clock.systemUTC(), new SecureRandom());
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(STREAM)).GET().header("Accept", "text/event-stream");
        signer.sign("GET", STREAM, new byte[0]).asMap().forEach(request::header);
        CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(index, handshakes)));
        stream.whenComplete((response, error) -> {
            if (helloAt.get(index) != 0) {
                return;
            }
            if (error == null && response.statusCode() == 503 && attempt < MAX_ATTEMPTS) {
                retried.incrementAndGet();
                long delay = response.headers().firstValueAsLong("Retry-After").orElse(1) * 1000
                        + java.util.concurrent.ThreadLocalRandom.current().nextLong(1000);
                retries.schedule(() -> open(node, index, handshakes, attempt + 1), delay, TimeUnit.MILLISECONDS);
                return;
            }
            failures.incrementAndGet();
            String reason = error != null ? error.getClass().getSimpleName() + ": " + error.getMessage()
                    : "HTTP " + response.statusCode();
            failureReasons.merge(reason.length() > 80 ? reason.substring(0, 80) : reason, 1, Integer::sum);
            handshakes.release();
        });
        synchronized (streams) {
            streams.add(stream);
        }
    }

    /** Streams that were answered 503 at least once and retried. */
    int retried() {
        return retried.get();
    }

    /** Forgets the last push of every client (before the next round). */
    void resetPushes() {
        for (int i = 0; i < identities.size(); i++) {
            pushAt.set(i, 0);
            pushText.set(i, null);
        }
        pushes.set(0);
    }

    /** Waits (bounded) until {@code expected} clients have a push; returns how many have. */
    int awaitPushes(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pushes.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return pushes.get();
    }

    /** Delivery times (ms after {@code sentAtMillis}) of the clients that got the push, sorted. */
    long[] deliveries(long sentAtMillis) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            long at = pushAt.get(i);
            if (at != 0) {
                times.add(at - sentAtMillis);
            }
        }
        return times.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Opens every received push with its client's key: how many are valid pushes for that client. */
    int openAll(List<SigningPublicKey> pushKeys) {
        int valid = 0;
        for (int i = 0; i < identities.size(); i++) {
            String text = pushText.get(i);
            if (text == null) {
                continue;
            }
            Identity id = identities.get(i);
            try {
                new PushOpener(id.sealing(), id.clientId(), pushKeys, Clock.systemUTC(), Duration.ofSeconds(60)).open(text);
                valid++;
            } catch (PushRefusedException e) {
                System.out.println("  client " + id.clientId() + " refused its push: " + e.getMessage());
            }
        }
        return valid;
    }

    java.util.Map<String, Integer> failureReasons() {
        return failureReasons;
    }

    int failures() {
        return failures.get();
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
        private final Semaphore handshakes;
        private String event;

        Lines(int index, Semaphore handshakes) {
            this.index = index;
            this.handshakes = handshakes;
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
                long now = System.currentTimeMillis();
                if ("hello".equals(event) && helloAt.compareAndSet(index, 0, now)) {
                    hellos.incrementAndGet();
                    handshakes.release();
                } else if ("push".equals(event)) {
                    pushText.set(index, line.substring(6));
                    if (pushAt.compareAndSet(index, 0, now)) {
                        pushes.incrementAndGet();
                    }
                }
            } else if (line.isEmpty()) {
                event = null;
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // counted by the stream's future
        }

        @Override
        public void onComplete() {
        }
    }
}
