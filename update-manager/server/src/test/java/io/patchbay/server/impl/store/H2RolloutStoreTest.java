package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.DatabaseSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The rollout contracts on the embedded H2 file database. */
class H2RolloutStoreTest extends AbstractRolloutStoreTest {
    @TempDir
    static Path dataDirectory;

    @Override
    DatabaseSettings newDatabase() {
        return DatabaseSettings.embedded(dataDirectory);
    }
}
