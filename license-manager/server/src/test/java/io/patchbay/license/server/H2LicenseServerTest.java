package io.patchbay.license.server;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The license server on the embedded H2 database (the one-machine default). */
class H2LicenseServerTest extends AbstractLicenseServerTest {
    @TempDir
    static Path dataDirectory;

    @Override
    LicenseServerFixture newFixture() throws Exception {
        return LicenseServerFixture.h2(dataDirectory);
    }
}
