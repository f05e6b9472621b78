package io.patchbay.server.impl.push;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** LISTEN/NOTIFY between two nodes' buses on one PostgreSQL: wake-ups cross, NOTIFYs are coalesced, LISTEN resumes. */
class PostgresPushBusTest {
    DatabaseSettings settings;
    Database database;
    PostgresPushBus sender;
    PostgresPushBus receiver;
    final Semaphore senderWakes = new Semaphore(0);
    final Semaphore receiverWakes = new Semaphore(0);

    @BeforeEach
    void open() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        settings = DatabaseSettings.of(postgres.createDatabase("bus_" + Long.toHexString(System.nanoTime())),
                PostgresServer.USER, postgres.password());
        database = Database.open(settings);
        sender = new PostgresPushBus(settings, database.dataSource(), Duration.ofMillis(200), Duration.ofMillis(200));
        receiver = new PostgresPushBus(settings, database.dataSource(), Duration.ofMillis(200), Duration.ofMillis(200));
        sender.start(senderWakes::release);
        receiver.start(receiverWakes::release);
        // Each bus wakes once when its LISTEN session is up.
        assertTrue(senderWakes.tryAcquire(20, TimeUnit.SECONDS));
        assertTrue(receiverWakes.tryAcquire(20, TimeUnit.SECONDS));
    }

    @AfterEach
    void close() {
        sender.close();
        receiver.close();
        database.close();
    }

    @Test
    void anAnnouncementWakesTheOtherNodeAndBurstsAreCoalescedIntoFewNotifies() throws Exception {
        try (Connection watcher = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            try (Statement s = watcher.createStatement()) {
                s.execute("LISTEN " + PostgresPushBus.CHANNEL);
            }
            for (int id = 1; id <= 200; id++) {
                sender.announce(id);
            }
            assertTrue(receiverWakes.tryAcquire(20, TimeUnit.SECONDS), "the other node was not woken");
            int notifies = 0;
            String last = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!"200".equals(last) && System.nanoTime() < deadline) {
                PGNotification[] received = watcher.unwrap(PGConnection.class).getNotifications(500);
                if (received != null) {
                    for (PGNotification notification : received) {
                        notifies++;
                        last = notification.getParameter();
                    }
                }
            }
            assertTrue("200".equals(last), "the payload is the highest id: " + last);
            assertTrue(notifies <= 3, "200 announcements took " + notifies + " NOTIFYs");
        }
    }

    @Test
    void afterTheListenSessionDropsTheBusReconnectsRescansAndHearsAgain() throws Exception {
        receiver.dropSession();
        // The reconnect itself wakes the node (what was notified meanwhile is found by the re-scan it triggers).
        assertTrue(receiverWakes.tryAcquire(20, TimeUnit.SECONDS), "no wake-up after the reconnect");
        receiverWakes.drainPermits();
        sender.announce(7);
        assertTrue(receiverWakes.tryAcquire(20, TimeUnit.SECONDS), "not listening again after the reconnect");
    }
}
