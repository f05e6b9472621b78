package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.testing.PostgresServer;

/** The rollout contracts on PostgreSQL (a private cluster, see PostgresServer). */
class PostgresRolloutStoreTest extends AbstractRolloutStoreTest {
    @Override
    DatabaseSettings newDatabase() {
        PostgresServer server = PostgresServer.get();
        String url = server.createDatabase("rollouts_" + Long.toHexString(System.nanoTime()));
        return DatabaseSettings.of(url, PostgresServer.USER, server.password());
    }
}
