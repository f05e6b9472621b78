package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.testsupport.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every storage contract against one database, opened (and migrated) once per class and emptied before
 * each test, which is much cheaper than a database per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractStoreTest implements DatabaseContract, EnrollmentContract, ClientsContract, NoncesContract,
        CheckInsContract, FleetContract, AdminTokensContract, InstallReportsContract, ReleasesContract,
        FeedbackExtrasContract, PushBatchesContract, DashboardStoreContract {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private Database database;
    private DatabaseSettings settings;

    /** The settings of a fresh, empty database. */
    abstract DatabaseSettings newDatabase() throws Exception;

    @BeforeAll
    void openDatabase() throws Exception {
        settings = newDatabase();
        database = Database.open(settings);
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void emptyTables() throws Exception {
        clock.set(START);
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"push_batches", "deployment_clients", "deployments", "release_bundles", "releases", "install_reports", "request_nonces", "client_state", "clients", "enrollment_tokens",
                    "admin_tokens"}) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    @Override
    public Database database() {
        return database;
    }

    @Override
    public MutableClock clock() {
        return clock;
    }

    @Override
    public DatabaseSettings settings() {
        return settings;
    }
}
