package io.patchbay.server.impl.push;

import io.patchbay.crypto.api.request.RequestFormat;
import io.patchbay.server.impl.device.StreamAuthenticator;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.store.ClientChanges;
import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.StoreException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push channel of one node: the {@code GET /device/v1/push} event stream, the registry of open streams, the
 * fan-out, the wake-up bus, keepalives and the periodic re-scan. Creating a push is one INSERT plus a wake-up.
 */
public final class PushHub implements AutoCloseable {
    public static final String PATH = "/device/v1/push";
    public static final String EVENT_STREAM = "text/event-stream";
    private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);
    /** How long a stop waits for streams to end cleanly (their last chunk written) before the connector goes. */
    static final long STOP_WAIT_MILLIS = 2000;

    /**
     * @param nodeId         named in every stream's hello
     * @param keepalive      a comment line this often keeps proxies and NAT from dropping idle streams; the agent
     *                       treats 3 × this without bytes as a dead stream
     * @param maxConnections the node's cap: beyond it a new stream is answered 503 with {@code retryAfter}
     * @param maxQueued      frames one stream may have waiting; a client beyond it is disconnected
     * @param rescan         the safety re-scan (lost notifications) and the revocation / key-rotation sweep
     */
    public record Settings(String nodeId, Duration keepalive, int maxConnections, int maxQueued, Duration rescan,
                           Duration retryAfter) {
        public Settings {
            Objects.requireNonNull(nodeId, "nodeId");
            if (keepalive.compareTo(Duration.ofSeconds(1)) < 0 || keepalive.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("keepalive must be 1 s..10 min");
            }
            if (maxConnections < 1 || maxQueued < 1) {
                throw new IllegalArgumentException("maxConnections and maxQueued must be at least 1");
            }
            if (rescan.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("rescan must be at least 100 ms");
            }
        }
    }

    record Hello(String node, long keepaliveSeconds) {
    }

    private final Settings settings;
    private final PushBatches store;
    private final PushBus bus;
    private final StreamAuthenticator auth;
    private final ClientChanges changes;
    private final Runnable maintenance;
    private final Clock clock;
    private final PushRegistry registry;
    private final PushFanout fanout;
    private final ScheduledExecutorService timers;
    private final ExecutorService wakeThread;
    private final ExecutorService sealers;
    private final ExecutorService preparer;
    private Instant lastSweep;

    /**
     * @param maintenance run on every re-scan tick (e.g. picking up a push key another node rotated)
     */
    public PushHub(Settings settings, PushBatches store, PushBus bus, MessageSealer sealer, StreamAuthenticator auth,
            ClientChanges changes, Runnable maintenance, Clock clock) throws StoreException {
        this.settings = Objects.requireNonNull(settings);
        this.store = Objects.requireNonNull(store);
        this.bus = Objects.requireNonNull(bus);
        this.auth = Objects.requireNonNull(auth);
        this.changes = Objects.requireNonNull(changes);
        this.maintenance = Objects.requireNonNull(maintenance);
        this.clock = Objects.requireNonNull(clock);
        this.registry = new PushRegistry(settings.maxConnections(), settings.maxQueued());
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("patchbay-push-timer"));
        this.wakeThread = Executors.newSingleThreadExecutor(daemon("patchbay-push-wake"));
        this.sealers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                daemon("patchbay-push-seal"));
        // Below the sealers and the request threads: preparing is what the node does when it has nothing better to.
        this.preparer = Executors.newSingleThreadExecutor(daemon("patchbay-push-prepare", Thread.MIN_PRIORITY));
        this.lastSweep = clock.instant();
        // Streams see pushes created from now on; older ones are covered by the check every hello triggers.
        this.fanout = new PushFanout(store, registry, sealer, clock, wakeThread, sealers, preparer, store.maxId(),
                settings.rescan().multipliedBy(2), PushBatches.MAX_PAGE);
    }

    /** Starts the bus and the timers. */
    public PushHub start() {
        bus.start(fanout::wake);
        long keepalive = settings.keepalive().toMillis();
        timers.scheduleWithFixedDelay(registry::keepalive, keepalive, keepalive, TimeUnit.MILLISECONDS);
        long rescan = settings.rescan().toMillis();
        timers.scheduleWithFixedDelay(this::tick, rescan, rescan, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The device route; it counts against the in-flight limit only while it authenticates. */
    public Map<String, Route> routes() {
        return Map.of(PATH, new Route("GET", 0, true, this::stream, null));
    }

    /** Stores a push (one INSERT) and wakes every node. */
    public Batch push(PushBatches.Action action, PushBatches.Urgency urgency, PushBatches.Target target, Duration ttl,
            String createdBy) throws StoreException {
        Batch batch = store.create(action, urgency, target, ttl, createdBy);
        bus.announce(batch.id());
        return batch;
    }

    public int connections() {
        return registry.size();
    }

    /** Messages written to this node's streams so far. */
    public long sent() {
        return fanout.sent();
    }

    private Reply stream(Exchange exchange) throws StoreException {
        // The cheap refusal first (a reconnect storm beyond the cap costs no signature check and no database work);
        // the claimed client id only lets a client replace its own stream, and is verified before that happens.
        List<String> claimed = exchange.headerValues(RequestFormat.CLIENT_HEADER);
        if (registry.full(claimed.size() == 1 ? claimed.get(0) : null)) {
            throw atCapacity();
        }
        ClientRecord client = auth.authenticate(exchange);
        Request request = exchange.request();
        return Reply.stream(EVENT_STREAM, Map.of("X-Accel-Buffering", "no"),
                (response, callback) -> open(client, request, response, callback));
    }

    private HttpError atCapacity() {
        return new HttpError(503, "at_capacity", "this node holds " + registry.cap() + " push streams; retry after"
                + " the Retry-After delay", Map.of("Retry-After", Long.toString(settings.retryAfter().toSeconds())));
    }

    private void open(ClientRecord client, Request request, Response response, Callback callback) {
        if (!registry.reserve(client.id())) {
            Reply refusal = atCapacity().toReply();
            response.setStatus(refusal.status());
            refusal.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(refusal.body()), callback);
            return;
        }
        // Keepalives are the only traffic of an idle stream: allow three of them to be missed before Jetty cuts it.
        request.getConnectionMetaData().getConnection().getEndPoint()
                .setIdleTimeout(Math.max(30_000, settings.keepalive().toMillis() * 3));
        PushConnection connection = registry.open(client.id(), client.channel(), client.sealingKey(), response, callback);
        request.addIdleTimeoutListener(timeout -> {
            connection.abort("idle_timeout", timeout);
            return true;
        });
        fanout.prepareAhead(List.of(connection));
        connection.send("event: hello\ndata: " + new String(Json.write(new Hello(settings.nodeId(),
                settings.keepalive().toSeconds())), java.nio.charset.StandardCharsets.UTF_8) + "\n\n");
    }

    /** The safety re-scan, the revocation / key sweep and the maintenance hook. */
    private synchronized void tick() {
        fanout.wake();
        try {
            Instant now = clock.instant();
            // A margin for commits that carry a time from just before the previous sweep.
            for (ClientChanges.Change change : changes.since(lastSweep.minus(settings.rescan()))) {
                PushConnection connection = registry.find(change.clientId());
                if (connection == null) {
                    continue;
                }
                if (change.revoked()) {
                    connection.close("revoked");
                } else {
                    connection.rekey(change.sealingKey());
                    fanout.prepareAhead(List.of(connection));
                }
            }
            lastSweep = now;
        } catch (StoreException | RuntimeException e) {
            LOG.warn("push sweep failed ({}); retried at the next one", e.getMessage());
        }
        try {
            maintenance.run();
        } catch (RuntimeException e) {
            LOG.warn("push maintenance failed: {}", e.getMessage());
        }
    }

    /** Closes this client's stream at once (its revocation was handled by this node). */
    public void disconnect(String clientId, String reason) {
        registry.disconnect(clientId, reason);
    }

    /** Ends every stream cleanly, then stops the bus and the threads. */
    @Override
    public void close() {
        registry.stop();
        try {
            if (!registry.awaitEmpty(STOP_WAIT_MILLIS)) {
                LOG.info("{} push stream(s) still ending at stop; the connector closes them", registry.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bus.close();
        timers.shutdownNow();
        wakeThread.shutdownNow();
        sealers.shutdownNow();
        preparer.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return daemon(name, Thread.NORM_PRIORITY);
    }

    private static ThreadFactory daemon(String name, int priority) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(priority);
            return thread;
        };
    }
}
