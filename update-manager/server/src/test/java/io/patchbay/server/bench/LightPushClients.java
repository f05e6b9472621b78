package io.patchbay.server.bench;

import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.push.PushOpener;
import io.patchbay.crypto.api.push.PushRefusedException;
import io.patchbay.crypto.api.request.RequestSigner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.net.ssl.SSLContext;

/**
 * Light push clients for {@link PushBench}: each holds one real {@code GET /device/v1/push} stream (signed with its
 * own key, over TLS). The streams are read by a {@link PushTransport}: by default {@link NioPushTransport} (a few
 * selector threads, no thread per client), or the JDK HttpClient ({@code -Dpatchbay.bench.pushClient=jdk}). A client
 * records when its hello and its last push arrived (wall clock, ms: the nodes run in other JVMs on the same machine)
 * and keeps the push's text; pushes are opened afterwards, off the timed path.
 */
final class LightPushClients implements AutoCloseable, StreamEvents {
    static final String STREAM = "/device/v1/push";
    private static final int MAX_ATTEMPTS = 10;

    record Identity(String clientId, SigningKeyPair signing, SealingKeyPair sealing) {
    }

    private final List<Identity> identities;
    private final PushTransport transport;
    private final AtomicLongArray helloAt;
    private final AtomicLongArray pushAt;
    private final AtomicReferenceArray<String> pushText;
    private final AtomicIntegerArray attempts;
    private final AtomicInteger hellos = new AtomicInteger();
    private final AtomicInteger pushes = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Integer> failureReasons = new ConcurrentSkipListMap<>();
    private volatile URI[] nodes;
    private volatile Semaphore handshakes;

    LightPushClients(List<Identity> identities, SSLContext tls) throws IOException {
        this.identities = identities;
        this.transport = "jdk".equals(System.getProperty("patchbay.bench.pushClient"))
                ? new JdkPushTransport(tls, this)
                : new NioPushTransport(tls, this, Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.helloAt = new AtomicLongArray(identities.size());
        this.pushAt = new AtomicLongArray(identities.size());
        this.pushText = new AtomicReferenceArray<>(identities.size());
        this.attempts = new AtomicIntegerArray(identities.size());
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

    /** Which transport reads the streams (for the bench's output). */
    String transport() {
        return transport.getClass().getSimpleName();
    }

    /**
     * Opens every stream, client i to {@code nodes[i % nodes.length]}, at most {@code parallel} handshakes at once,
     * and waits (bounded) for every hello. Returns the number of clients that got theirs.
     */
    int connect(URI[] nodes, int parallel, Duration timeout) throws Exception {
        this.nodes = nodes;
        this.handshakes = new Semaphore(parallel);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < identities.size(); i++) {
            if (!handshakes.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            open(i);
        }
        while (hellos.get() + failures.get() < identities.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        retries.shutdownNow();
        return hellos.get();
    }

    /** Opens client {@code index}'s stream with a freshly signed request (a retry cannot reuse the nonce). */
    private void open(int index) {
        attempts.incrementAndGet(index);
        Identity id = identities.get(index);
        RequestSigner signer = new RequestSigner(id.clientId(), id.signing(), Clock.systemUTC(), new SecureRandom());
        URI[] targets = nodes;
        transport.open(targets[index % targets.length], index, signer.sign("GET", STREAM, new byte[0]).asMap());
    }

    @Override
    public void event(int index, String event, String data) {
        long now = System.currentTimeMillis();
        if ("hello".equals(event) && helloAt.compareAndSet(index, 0, now)) {
            hellos.incrementAndGet();
            handshakes.release();
        } else if ("push".equals(event)) {
            pushText.set(index, data);
            if (pushAt.compareAndSet(index, 0, now)) {
                pushes.incrementAndGet();
            }
        }
    }

    /** A 503 (the node shedding load) is retried after Retry-After plus up to a second, as agents do. */
    @Override
    public void busy(int index, long retryAfterSeconds) {
        if (helloAt.get(index) != 0) {
            return;
        }
        if (attempts.get(index) >= MAX_ATTEMPTS) {
            failed(index, "HTTP 503 " + MAX_ATTEMPTS + " times");
            return;
        }
        retried.incrementAndGet();
        long delay = retryAfterSeconds * 1000 + ThreadLocalRandom.current().nextLong(1000);
        try {
            retries.schedule(() -> open(index), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            failed(index, "HTTP 503 after the connection phase ended");
        }
    }

    @Override
    public void failed(int index, String reason) {
        if (helloAt.get(index) != 0) {
            return; // a stream that ends after its hello is not a connection failure
        }
        failures.incrementAndGet();
        failureReasons.merge(reason.length() > 80 ? reason.substring(0, 80) : reason, 1, Integer::sum);
        handshakes.release();
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

    Map<String, Integer> failureReasons() {
        return failureReasons;
    }

    int failures() {
        return failures.get();
    }

    @Override
    public void close() {
        transport.close();
    }
}
