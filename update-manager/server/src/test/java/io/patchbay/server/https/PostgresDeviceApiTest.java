package io.patchbay.server.https;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The device API end to end on PostgreSQL (a private cluster from the Debian package, see PostgresServer). */
class PostgresDeviceApiTest extends AbstractDeviceApiTest {
    @TempDir
    static Path dataDirectory;

    @Override
    ServerFixture newFixture() throws Exception {
        return ServerFixture.postgres(dataDirectory);
    }
}
