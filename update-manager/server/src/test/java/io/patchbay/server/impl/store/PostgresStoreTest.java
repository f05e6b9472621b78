package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.testing.PostgresServer;

/** Every storage contract against PostgreSQL (a private cluster from the Debian package, see PostgresServer). */
class PostgresStoreTest extends AbstractStoreTest {
    @Override
    DatabaseSettings newDatabase() {
        PostgresServer server = PostgresServer.get();
        String url = server.createDatabase("store_" + Long.toHexString(System.nanoTime()));
        return DatabaseSettings.of(url, PostgresServer.USER, server.password());
    }
}
