package io.patchbay.framework.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A service a bundle registers to say whether it works. A swap commits only when every health check
 * registered by the patch's bundles reports healthy within the configured timeout; otherwise the patch
 * is rolled back.
 */
@ConsumerType
public interface HealthCheck {

    /** Runs the check. Throwing counts as unhealthy. */
    Result check();

    /** The outcome of one check, with a message a person can act on. */
    record Result(boolean healthy, String message) {
        public static Result ok() {
            return new Result(true, "ok");
        }

        public static Result failed(String message) {
            return new Result(false, message);
        }
    }
}
