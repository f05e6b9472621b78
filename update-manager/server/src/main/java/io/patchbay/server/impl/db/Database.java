package io.patchbay.server.impl.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's database: a bounded HikariCP pool, migrated by Flyway on open, with one way to run work —
 * {@link #inTransaction}, so no repository can leave half a write behind.
 *
 * <p>The migrations are vendor-neutral SQL under {@code db/migration/common}; a statement that must differ
 * between H2 and PostgreSQL goes to {@code db/migration/h2} or {@code db/migration/postgresql}, which are
 * added to the locations when they exist.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final HikariDataSource pool;
    private final Vendor vendor;

    private Database(HikariDataSource pool, Vendor vendor) {
        this.pool = pool;
        this.vendor = vendor;
    }

    /**
     * Opens the pool and migrates the schema to the newest version.
     *
     * @throws StoreUnavailableException when the database cannot be reached within the connection timeout
     * @throws StoreException when a migration fails (the database is left at its last good version)
     */
    public static Database open(DatabaseSettings settings) throws StoreException {
        Vendor vendor = settings.vendor();
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(settings));
        } catch (RuntimeException e) {
            // Hikari fails fast (initializationFailTimeout) and wraps the driver's SQLException.
            throw new StoreUnavailableException("cannot open database " + settings.jdbcUrl() + ": " + rootMessage(e), e);
        }
        try {
            migrate(pool, vendor);
            return new Database(pool, vendor);
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("database migration failed: " + rootMessage(e), e);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    private static HikariConfig poolConfig(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("patchbay-db-" + POOLS.incrementAndGet());
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        // A couple of warm connections; idle ones above that are closed again (Hikari ignores idleTimeout,
        // and warns, when the pool is fixed-size).
        int minimumIdle = Math.min(2, settings.maxPoolSize());
        config.setMinimumIdle(minimumIdle);
        if (minimumIdle < settings.maxPoolSize()) {
            config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        }
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(2_000, settings.connectionTimeout().toMillis()));
        // Fail at open, after one connection timeout, rather than on the first request.
        config.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.setAutoCommit(true);
        return config;
    }

    private static void migrate(DataSource dataSource, Vendor vendor) {
        String vendorLocation = "db/migration/" + vendor.name().toLowerCase(java.util.Locale.ROOT);
        boolean hasVendorFolder = Database.class.getClassLoader().getResource(vendorLocation) != null;
        String[] locations = hasVendorFolder
                ? new String[] {"classpath:db/migration/common", "classpath:" + vendorLocation}
                : new String[] {"classpath:db/migration/common"};
        Flyway flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations)
                .cleanDisabled(true)
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("database ({}) at schema version {} ({} migration(s) applied)", vendor,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * Migrates a server extension's own schema: scripts under {@code <base>/common} (plus {@code <base>/h2} or
     * {@code <base>/postgresql} when present), recorded in {@code historyTable}, so its versions never mix with
     * the server's. The schema already holds the server's tables, so the first run baselines the history table
     * at version 0 and then applies V1 onwards.
     *
     * @throws StoreException when a migration fails: the server does not start. PostgreSQL rolls the failed script
     *         back; on H2, whose DDL commits at once, statements before the failing one stay and Flyway records the
     *         failure, to be repaired by hand before the next start (as for the server's own migrations).
     */
    public void migrateExtension(String historyTable, String base, ClassLoader loader) throws StoreException {
        String vendorLocation = base + "/" + vendor.name().toLowerCase(java.util.Locale.ROOT);
        String[] locations = loader.getResource(vendorLocation) != null
                ? new String[] {"classpath:" + base + "/common", "classpath:" + vendorLocation}
                : new String[] {"classpath:" + base + "/common"};
        try {
            MigrateResult result = Flyway.configure(loader)
                    .dataSource(pool)
                    .locations(locations)
                    .table(historyTable)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .cleanDisabled(true)
                    .load()
                    .migrate();
            LOG.info("extension schema {} at version {} ({} migration(s) applied)", historyTable,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new StoreException("migration of " + historyTable + " failed: " + rootMessage(e), e);
        }
    }

    public Vendor vendor() {
        return vendor;
    }

    /** The pool, for read paths and tests; writes should go through {@link #inTransaction}. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. SQL
     * failures become a {@link StoreUnavailableException} (the database is unreachable: 503) or a plain
     * {@link StoreException}; the SQL text is not in the message, the cause keeps it for the log.
     */
    public <T> T inTransaction(SqlWork<T> work) throws StoreException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | StoreException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Maps a driver exception onto the storage exceptions. */
    public static StoreException translate(SQLException e) {
        if (SqlStates.isUnavailable(e)) {
            return new StoreUnavailableException("database unavailable: " + e.getMessage(), e);
        }
        return new StoreException("database error (SQLSTATE " + e.getSQLState() + ")", e);
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /** Closes the pool; for H2 the last connection closing also closes the database file. */
    @Override
    public void close() {
        pool.close();
    }
}
