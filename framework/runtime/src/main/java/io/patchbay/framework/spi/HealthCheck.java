package io.patchbay.framework.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A service a bundle registers to say whether it works. A swap commits only when every health check
 * registered by the patch's bundles reports healthy within the configured timeout; otherwise the patch
 * is rolled back.
 */
@ConsumerType
public interface HealthCheck {

    /**
     * Runs the check. Throwing counts as unhealthy.
     *
     * @return whether the bundle works, with a message a person can act on
     */
    Result check();

    /**
     * The outcome of one check, with a message a person can act on.
     *
     * @param healthy whether the check passed
     * @param message what is wrong (it ends up in the swap result and the fleet report), or "ok"
     */
    record Result(boolean healthy, String message) {
        /** @return a passing result */
        public static Result ok() {
            return new Result(true, "ok");
        }

        /**
         * @param message what is wrong, for a person to act on
         * @return a failing result
         */
        public static Result failed(String message) {
            return new Result(false, message);
        }
    }
}
