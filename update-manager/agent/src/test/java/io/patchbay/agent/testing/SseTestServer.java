package io.patchbay.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.request.ClientKeys;
import io.patchbay.crypto.api.request.InMemoryNonceStore;
import io.patchbay.crypto.api.request.RequestRefusedException;
import io.patchbay.crypto.api.request.RequestVerifier;
import io.patchbay.server.impl.http.TlsIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTPS server speaking the push channel's side of the protocol, scripted by the test: it verifies the
 * request signature (crypto's RequestVerifier, the client's key as the only one known), then answers with the next
 * scripted refusal (e.g. 503 with Retry-After) or opens an event stream the test writes to through a
 * {@link Connection}. Its TLS key is a fresh one from the server's own {@code TlsIdentity}, pinned by the agent.
 */
public final class SseTestServer implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "sse-test-server");
        thread.setDaemon(true);
        return thread;
    });
    private final String pin;
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final Deque<int[]> refusals = new ArrayDeque<>();
    private final Deque<Map<String, String>> refusalHeaders = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final RequestVerifier verifier;

    /** @param clientKey the only client signing key the server knows (requests signed otherwise get 401) */
    public SseTestServer(Path dir, Clock clock, SigningPublicKey clientKey) throws Exception {
        this(dir, clock, () -> clientKey);
    }

    /** @param clientKey the only client signing key the server knows, looked up for each request */
    public SseTestServer(Path dir, Clock clock, java.util.function.Supplier<SigningPublicKey> clientKey)
            throws Exception {
        TlsIdentity tls = TlsIdentity.generate(dir, clock, new SecureRandom());
        char[] password = Files.readString(dir.resolve("tls/server.p12.password")).strip().toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore store = tls.keyStore();
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        pin = "sha256/" + tls.pinSha256();
        verifier = new RequestVerifier(id -> Optional.of(ClientKeys.of(clientKey.get())),
                new InMemoryNonceStore(10_000, clock), clock);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.setExecutor(executor);
        server.createContext(DeviceClient.PUSH, this::handle);
        server.start();
    }

    public URI baseUri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> pins() {
        return List.of(pin);
    }

    /** The next request is answered {@code status} with {@code headers} (and a JSON error), not a stream. */
    public synchronized void refuseNext(int status, Map<String, String> headers) {
        refusals.add(new int[] {status});
        refusalHeaders.add(headers);
    }

    /** Requests received (streams opened and refused alike). */
    public int requests() {
        return requests.get();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    /** The next stream a client opened (waits up to {@link #WAIT}). */
    public Connection nextConnection() throws InterruptedException {
        Connection connection = connections.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (connection == null) {
            throw new AssertionError("no push connection within " + WAIT);
        }
        return connection;
    }

    /** Whether a further stream was opened (no wait). */
    public boolean hasConnection() {
        return !connections.isEmpty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            try {
                verifier.verify(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        name -> exchange.getRequestHeaders().getOrDefault(name, List.of()), new byte[0]);
            } catch (RequestRefusedException e) {
                badSignatures.incrementAndGet();
                answer(exchange, 401, Map.of(), "bad_signature");
                return;
            }
            int[] refusal;
            Map<String, String> headers;
            synchronized (this) {
                refusal = refusals.poll();
                headers = refusalHeaders.poll();
            }
            if (refusal != null) {
                answer(exchange, refusal[0], headers, refusal[0] == 503 ? "busy" : "refused");
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            Connection connection = new Connection(exchange.getResponseBody());
            connections.add(connection);
            try {
                connection.closed.await(WAIT.toMillis() * 6, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, String code)
            throws IOException {
        byte[] body = ("{\"status\":" + status + ",\"error\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        headers.forEach(exchange.getResponseHeaders()::add);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** One open event stream: the test writes events, then closes (or just leaves it silent). */
    public static final class Connection {
        private final OutputStream out;
        final CountDownLatch closed = new CountDownLatch(1);

        Connection(OutputStream out) {
            this.out = out;
        }

        /** Writes raw event-stream text and flushes; false when the client has gone. */
        public synchronized boolean send(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        public boolean hello(long keepaliveSeconds) {
            return send("event: hello\ndata: {\"node\":\"test\",\"keepaliveSeconds\":" + keepaliveSeconds + "}\n\n");
        }

        public boolean push(String data) {
            return send("event: push\ndata: " + data + "\n\n");
        }

        public boolean keepalive() {
            return send(": k\n\n");
        }

        /** Ends the response (the client sees the stream end). */
        public void close() {
            closed.countDown();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
