package io.patchbay.server.https;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The device API end to end on the embedded H2 database. */
class H2DeviceApiTest extends AbstractDeviceApiTest {
    @TempDir
    static Path dataDirectory;

    @Override
    ServerFixture newFixture() throws Exception {
        return ServerFixture.h2(dataDirectory, b -> b);
    }
}
