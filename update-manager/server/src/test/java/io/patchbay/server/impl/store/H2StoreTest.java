package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.DatabaseSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Every storage contract against the embedded H2 file database (the zero-set-up default). */
class H2StoreTest extends AbstractStoreTest {
    @TempDir
    static Path dataDirectory;

    @Override
    DatabaseSettings newDatabase() {
        return DatabaseSettings.embedded(dataDirectory);
    }
}
