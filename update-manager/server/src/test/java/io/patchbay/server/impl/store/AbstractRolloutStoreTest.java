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

/** The rollout contracts against one database (its own, so the other store tests need not know rollout tables). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRolloutStoreTest implements RolloutsContract, RolloutEngineContract,
        RolloutRollbackContract, RolloutDriftContract {
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    /** Children before parents. */
    static final String[] TABLES = {"rollout_rollback_skips", "rollout_health", "rollout_events", "rollout_group_clients", "rollout_groups",
            "rollouts", "deployment_clients", "deployments", "release_bundles", "releases", "install_reports",
            "request_nonces", "client_state", "clients", "enrollment_tokens", "admin_tokens"};

    private final MutableClock clock = new MutableClock(START);
    private Database database;

    abstract DatabaseSettings newDatabase() throws Exception;

    @BeforeAll
    void openDatabase() throws Exception {
        database = Database.open(newDatabase());
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
            for (String table : TABLES) {
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
}
