package io.patchbay.license.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The license server end to end over HTTPS, on one database: every contract (activation, seats, misuse, refusals)
 * against one real server per class; each test issues its own licenses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractLicenseServerTest implements ActivationContract, SeatsContract, MisuseContract, RefusalsContract {
    private LicenseServerFixture fx;

    abstract LicenseServerFixture newFixture() throws Exception;

    @Override
    public LicenseServerFixture fx() {
        return fx;
    }

    @BeforeAll
    void startServer() throws Exception {
        fx = newFixture();
    }

    @AfterAll
    void stopServer() {
        if (fx != null) {
            fx.close();
        }
    }
}
