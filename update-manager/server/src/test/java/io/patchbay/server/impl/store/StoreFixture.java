package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.StoreException;
import io.patchbay.testsupport.MutableClock;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What every storage contract needs: the database under test and a hand-moved clock. The contracts are
 * interfaces with default test methods, so {@code H2StoreTest} and {@code PostgresStoreTest} each run all
 * of them and surefire reports one count per database.
 */
interface StoreFixture {
    SecureRandom RANDOM = new SecureRandom();

    Database database();

    MutableClock clock();

    default Clients clients() {
        return new Clients(database(), clock());
    }

    default EnrollmentTokens enrollmentTokens() {
        return new EnrollmentTokens(database(), clock());
    }

    default Nonces nonces() {
        return new Nonces(database(), clock());
    }

    default CheckIns checkIns() {
        return new CheckIns(database(), clock());
    }

    default Fleet fleet() {
        return new Fleet(database(), clock());
    }

    default InstallReports installReports() {
        return new InstallReports(database(), clock());
    }

    default Releases releases() {
        return new Releases(database(), clock());
    }

    default Deployments deployments() {
        return new Deployments(database(), clock());
    }

    default FleetLag fleetLag() {
        return new FleetLag(database());
    }

    default AdminTokens adminTokens() {
        return new AdminTokens(database(), clock());
    }

    static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    default ClientRecord enrollNew(String channel) throws StoreException {
        String token = enrollmentTokens().issue(channel, Duration.ofHours(1)).token();
        return clients().enroll(token, key(), key());
    }

    default long count(String table) throws SQLException {
        try (Connection c = database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    default List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Runs {@code task} on {@code threads} threads released together; bounded so a deadlock fails the test. */
    static <T> List<Future<T>> race(int threads, Callable<T> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new AssertionError("racing threads did not finish within 30 s");
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
