package io.patchbay.license.server;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The license server on PostgreSQL (the private test cluster): the same contract as on H2. */
class PostgresLicenseServerTest extends AbstractLicenseServerTest {
    @TempDir
    static Path dataDirectory;

    @Override
    LicenseServerFixture newFixture() throws Exception {
        return LicenseServerFixture.postgres(dataDirectory);
    }
}
