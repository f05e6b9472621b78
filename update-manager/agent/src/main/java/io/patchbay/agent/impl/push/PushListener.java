package io.patchbay.agent.impl.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.agent.api.Scheduler;
import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.device.DeviceTransport;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.impl.poll.StatusLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The push channel's connection: one long-lived {@code GET /device/v1/push} (signed, over the device API's pinned
 * TLS), read as Server-Sent Events on a thread of its own, reconnected with {@link ReconnectBackoff} (honouring a
 * 503's Retry-After) whenever it ends. The first event of a connection must be {@code hello}; each hello runs one
 * check ({@link Link#check()}), so pushes missed while disconnected never need redelivery. {@code push} events go
 * to the acceptance gate; everything else is ignored.
 *
 * <p>A connection is dead when no byte (keepalive comments included) arrived for three keepalive periods (the
 * hello's {@code keepaliveSeconds}, {@value #DEFAULT_KEEPALIVE_SECONDS} s before it): a watchdog on the timer
 * scheduler closes it and interrupts its reader, and the usual reconnect follows. The backoff starts again from
 * its floor only after a connection that said hello and stayed up {@link #STABLE}: a server that accepts and drops
 * at once is not reconnected to (and checked against) every second.
 *
 * <p>Connecting and the watchdog run on {@code timers}; reading and the gate on the reader thread. One line is
 * logged when the channel goes down and one when it is up again, never one per attempt.
 */
public final class PushListener implements AutoCloseable {
    static final long DEFAULT_KEEPALIVE_SECONDS = 25;
    static final long MAX_KEEPALIVE_SECONDS = 3600;
    static final Duration STABLE = Duration.ofSeconds(30);
    static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the listener needs from the agent. */
    public interface Link {
        /** The enrolled identity now; empty while not enrolled. */
        Optional<ClientIdentity> identity();

        /** The device API client for the current (root-signed) endpoint. */
        DeviceClient client();

        /** Runs one check through the scheduled-check path, soon (called on every hello). */
        void check();
    }

    private final Link link;
    private final Consumer<String> pushes;
    private final Scheduler timers;
    private final ThreadFactory readers;
    private final Clock clock;
    private final ReconnectBackoff backoff;
    private final PushStats stats;
    private final StatusLog log;

    private boolean running;
    private Scheduler.Cancellable nextConnect;
    private Scheduler.Cancellable watchdog;
    private Connection current;
    /** The channel was reported lost and not yet back: one line each way. */
    private boolean lost;
    private boolean everUp;

    private static final class Connection {
        final DeviceTransport.Stream stream;
        final Instant opened;
        volatile Instant lastBytes;
        volatile Duration keepalive = Duration.ofSeconds(DEFAULT_KEEPALIVE_SECONDS);
        volatile boolean helloSeen;
        volatile String abortReason;
        volatile Thread reader;

        Connection(DeviceTransport.Stream stream, Instant opened) {
            this.stream = stream;
            this.opened = opened;
            this.lastBytes = opened;
        }
    }

    /**
     * @param pushes  receives each push event's data (the acceptance gate); runs on the reader thread, must not throw
     * @param timers  where connecting and the watchdog run (not the agent's check scheduler: a long check must not
     *                hold up a reconnect)
     * @param readers makes the thread each connection is read on
     */
    public PushListener(Link link, Consumer<String> pushes, Scheduler timers, ThreadFactory readers, Clock clock,
                        ReconnectBackoff backoff, PushStats stats, StatusLog log) {
        this.link = Objects.requireNonNull(link, "link");
        this.pushes = Objects.requireNonNull(pushes, "pushes");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.readers = Objects.requireNonNull(readers, "readers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Connects (at once) unless already running. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        nextConnect = timers.schedule(this::connect, Duration.ZERO);
    }

    /** Whether {@link #start()} was called and {@link #stop()} not since. */
    public synchronized boolean running() {
        return running;
    }

    /** Stops: no new connection; the current one is closed and its reader interrupted. */
    public void stop() {
        Connection open;
        synchronized (this) {
            running = false;
            cancel(nextConnect);
            cancel(watchdog);
            nextConnect = null;
            watchdog = null;
            open = current;
            current = null;
        }
        if (open != null) {
            abort(open, "stopped");
        }
    }

    /** {@link #stop()}, then waits (bounded) for the reader thread to end. */
    @Override
    public void close() {
        Connection open;
        synchronized (this) {
            open = current;
        }
        stop();
        Thread reader = open == null ? null : open.reader;
        if (reader != null) {
            try {
                reader.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void connect() {
        synchronized (this) {
            if (!running) {
                return;
            }
            nextConnect = null;
        }
        Optional<ClientIdentity> me = link.identity();
        if (me.isEmpty() || !me.get().enrolled()) {
            retry(backoff.next(), "not enrolled");
            return;
        }
        DeviceTransport.Stream stream;
        try {
            stream = link.client().openPush(me.get());
        } catch (DeviceException e) {
            Duration delay = e.kind() == DeviceException.Kind.BUSY && e.retryAfter() != null
                    ? backoff.next(e.retryAfter()) : backoff.next();
            retry(delay, e.getMessage());
            return;
        } catch (RuntimeException e) {
            retry(backoff.next(), String.valueOf(e));
            return;
        }
        Connection connection = new Connection(stream, clock.instant());
        synchronized (this) {
            if (!running) {
                closeQuietly(stream);
                return;
            }
            current = connection;
            armWatchdog(connection);
            connection.reader = readers.newThread(() -> read(connection));
        }
        connection.reader.start();
    }

    private void read(Connection connection) {
        String ended;
        try (connection.stream) {
            SseReader events = new SseReader(connection.stream.body(), () -> connection.lastBytes = clock.instant());
            for (SseReader.Event event = events.next(); event != null; event = events.next()) {
                if (!connection.helloSeen) {
                    if (!event.type().equals("hello")) {
                        throw new SseReader.ProtocolException("first event is '" + event.type() + "', not hello");
                    }
                    hello(connection, event.data());
                } else if (event.type().equals("push")) {
                    deliver(event.data());
                }
            }
            ended = "closed by the server";
        } catch (IOException e) {
            ended = connection.abortReason != null ? connection.abortReason
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            ended = "unexpected: " + e;
        }
        ended(connection, ended);
    }

    private void hello(Connection connection, String data) {
        long seconds = DEFAULT_KEEPALIVE_SECONDS;
        try {
            JsonNode keepalive = JSON.readTree(data).path("keepaliveSeconds");
            if (keepalive.canConvertToLong() && keepalive.isIntegralNumber() && keepalive.asLong() >= 1
                    && keepalive.asLong() <= MAX_KEEPALIVE_SECONDS) {
                seconds = keepalive.asLong();
            }
        } catch (IOException e) {
            // a hello without readable JSON still opens the channel; the default keepalive applies
        }
        connection.keepalive = Duration.ofSeconds(seconds);
        connection.helloSeen = true;
        stats.connected(true);
        synchronized (this) {
            if (current != connection) {
                return;
            }
            if (lost || !everUp) {
                log.info("push channel " + (everUp ? "connected again" : "connected") + " (keepalive " + seconds
                        + " s)");
            }
            lost = false;
            everUp = true;
            armWatchdog(connection);
        }
        link.check();
    }

    private void deliver(String data) {
        try {
            pushes.accept(data);
        } catch (RuntimeException e) {
            log.warn("push handling failed unexpectedly: " + e);
        }
    }

    private void ended(Connection connection, String why) {
        synchronized (this) {
            if (connection.helloSeen) {
                stats.connected(false);
            }
            if (current != connection) {
                return; // stopped, or replaced
            }
            current = null;
            cancel(watchdog);
            watchdog = null;
            if (connection.helloSeen
                    && Duration.between(connection.opened, clock.instant()).compareTo(STABLE) >= 0) {
                backoff.reset();
            }
        }
        retry(backoff.next(), why);
    }

    private synchronized void retry(Duration delay, String why) {
        if (!running) {
            return;
        }
        if (!lost) {
            lost = true;
            log.warn("push channel " + (everUp ? "lost" : "not connected") + " (" + why
                    + "); reconnecting with backoff");
        }
        nextConnect = timers.schedule(this::connect, delay);
    }

    /** Schedules the dead-connection check for when the connection would have been silent three keepalives. */
    private synchronized void armWatchdog(Connection connection) {
        cancel(watchdog);
        Duration allowed = connection.keepalive.multipliedBy(3);
        Duration left = allowed.minus(Duration.between(connection.lastBytes, clock.instant()));
        watchdog = timers.schedule(() -> watch(connection), left.isNegative() ? Duration.ZERO : left);
    }

    private void watch(Connection connection) {
        Duration silent;
        Duration allowed;
        synchronized (this) {
            if (current != connection || !running) {
                return;
            }
            watchdog = null;
            silent = Duration.between(connection.lastBytes, clock.instant());
            allowed = connection.keepalive.multipliedBy(3);
            if (silent.compareTo(allowed) < 0) {
                armWatchdog(connection);
                return;
            }
        }
        abort(connection, "no bytes for " + silent.toSeconds() + " s (3 keepalives)");
    }

    /** Ends a connection from outside its reader: close the stream, interrupt a read that is blocked. */
    private static void abort(Connection connection, String why) {
        connection.abortReason = why;
        closeQuietly(connection.stream);
        Thread reader = connection.reader;
        if (reader != null && reader != Thread.currentThread()) {
            reader.interrupt();
        }
    }

    private static void closeQuietly(DeviceTransport.Stream stream) {
        try {
            stream.close();
        } catch (IOException | RuntimeException e) {
            // closing a broken stream: nothing left to do
        }
    }

    private static void cancel(Scheduler.Cancellable task) {
        if (task != null) {
            task.cancel();
        }
    }
}
