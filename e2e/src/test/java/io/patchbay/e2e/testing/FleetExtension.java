package io.patchbay.e2e.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Owns the fleets a test class starts: kills every process after each test (after the class for a
 * {@code PER_CLASS} test, whose fleet is shared by its steps), even when the test failed, and prints each fleet's
 * process output tails when a test fails (their logs stay on disk under target/). Register it with
 * {@code @RegisterExtension} and hand it each fleet: {@code Fleet fleet = fleets.manage(Fleet.start("name"))}.
 */
public final class FleetExtension implements AfterEachCallback, AfterAllCallback, TestWatcher {

    private final List<Fleet> fleets = new ArrayList<>();

    public Fleet manage(Fleet fleet) {
        fleets.add(fleet);
        return fleet;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
                == TestInstance.Lifecycle.PER_METHOD) {
            closeAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.err.println(context.getDisplayName() + " failed: " + cause);
        for (Fleet fleet : fleets) {
            System.err.println(fleet.diagnostics());
        }
    }

    /** Closing a fleet twice is harmless: a process already ended is left alone. */
    private void closeAll() {
        RuntimeException failure = null;
        for (Fleet fleet : fleets) {
            try {
                fleet.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
