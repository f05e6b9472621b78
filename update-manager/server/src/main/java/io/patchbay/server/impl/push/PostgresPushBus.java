package io.patchbay.server.impl.push;

import io.patchbay.server.impl.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-node bus on PostgreSQL: {@code LISTEN patchbay_push} on one dedicated session per node (outside the
 * pool, so it never holds a pooled connection and survives pool resets), and {@code NOTIFY} sent from the pool.
 *
 * <p>PostgreSQL's limits shape it (docs/architecture.md, "Push fan-out"):
 * <ul>
 *   <li>a NOTIFY payload is at most 8000 bytes: the payload is only the highest batch id (a few digits);</li>
 *   <li>a transaction that sent NOTIFY takes a global lock at commit (the notification queue), serialising such
 *       commits across the cluster: notifies are sent outside the push's INSERT transaction and coalesced, at most
 *       one per {@code window} per node, whatever the push rate;</li>
 *   <li>every listening session is woken by every notification: one listener per node, not per client;</li>
 *   <li>LISTEN needs a real session: behind PgBouncer in transaction mode it silently receives nothing, so point the
 *       server at PostgreSQL directly (or a session-mode pool);</li>
 *   <li>a notification sent while the listen session is down is lost: after every (re)connect the node re-scans,
 *       and it re-scans periodically anyway.</li>
 * </ul>
 */
public final class PostgresPushBus implements PushBus {
    public static final String CHANNEL = "patchbay_push";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresPushBus.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DatabaseSettings settings;
    private final DataSource pool;
    private final ScheduledExecutorService scheduler;
    private final Duration window;
    private final Duration poll;
    private final AtomicLong pendingHighest = new AtomicLong(-1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Runnable onWake = () -> { };
    private volatile Connection listening;
    private Thread listener;

    /**
     * @param window how long announcements are gathered into one NOTIFY
     * @param poll   how long one wait for notifications lasts (also how fast close is noticed)
     */
    public PostgresPushBus(DatabaseSettings settings, DataSource pool, Duration window, Duration poll) {
        this.settings = Objects.requireNonNull(settings);
        this.pool = Objects.requireNonNull(pool);
        this.scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "patchbay-push-notify");
            thread.setDaemon(true);
            return thread;
        });
        this.window = Objects.requireNonNull(window);
        this.poll = Objects.requireNonNull(poll);
    }

    @Override
    public synchronized void start(Runnable onWake) {
        this.onWake = Objects.requireNonNull(onWake);
        listener = new Thread(this::listen, "patchbay-push-listen");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void announce(long batchId) {
        onWake.run(); // this node need not wait for its own notification
        long before = pendingHighest.getAndAccumulate(batchId, Math::max);
        if (before < 0) {
            scheduler.schedule(this::flush, window.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One NOTIFY for everything announced in the window (payload: the highest id, a few bytes). */
    private void flush() {
        long highest = pendingHighest.getAndSet(-1);
        if (highest < 0) {
            return;
        }
        try (Connection c = pool.getConnection();
             PreparedStatement notify = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            c.setAutoCommit(true);
            notify.setString(1, Long.toString(highest));
            notify.execute();
        } catch (SQLException e) {
            // Other nodes find the push at their next re-scan.
            LOG.warn("NOTIFY {} failed ({}); other nodes pick push {} up at their next re-scan", CHANNEL,
                    e.getMessage(), highest);
        }
    }

    private void listen() {
        long backoff = 250;
        while (closed.getCount() > 0) {
            try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
                listening = c;
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                LOG.debug("listening on {}", CHANNEL);
                backoff = 250;
                onWake.run(); // whatever was notified while this session was down
                while (closed.getCount() > 0) {
                    PGNotification[] notifications = pg.getNotifications((int) poll.toMillis());
                    if (notifications != null && notifications.length > 0) {
                        onWake.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed.getCount() == 0) {
                    return;
                }
                LOG.warn("push listen session lost ({}); reconnecting in {} ms", e.getMessage(), backoff);
            } finally {
                listening = null;
            }
            try {
                if (closed.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    /** For tests: drops the listen session as a network failure would. */
    void dropSession() throws SQLException {
        Connection c = listening;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        scheduler.shutdown();
        onWake = () -> { };
        try {
            dropSession();
        } catch (SQLException e) {
            LOG.debug("closing the listen session: {}", e.getMessage());
        }
        Thread thread;
        synchronized (this) {
            thread = listener;
        }
        if (thread != null) {
            try {
                thread.join(poll.toMillis() + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
