package io.patchbay.framework.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one run of every {@code HealthCheck} service registered in the container, as
 * {@link PatchService#health()} takes it: which checks failed and when they ran.
 *
 * @param failing   the checks that failed (reported unhealthy, threw, answered null, or did not answer in time),
 *                  named by the symbolic name of the bundle that registered them; empty when all passed
 * @param checked   how many checks were run
 * @param checkedAt when the run started (the runtime's clock)
 */
public record HealthReport(List<Failure> failing, int checked, Instant checkedAt) {

    /**
     * Copies {@code failing}, so a report never changes after it was made.
     *
     * @param failing   the checks that failed; not null
     * @param checked   how many checks were run; not negative
     * @param checkedAt when the run started; not null
     */
    public HealthReport {
        failing = List.copyOf(failing);
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (checked < 0) {
            throw new IllegalArgumentException("checked must not be negative: " + checked);
        }
    }

    /**
     * Whether every check passed.
     *
     * @return true when no check failed, also when no check is registered
     */
    public boolean healthy() {
        return failing.isEmpty();
    }

    /**
     * One failing check.
     *
     * @param name    the symbolic name of the bundle that registered the check
     * @param message why it failed, for a person
     */
    public record Failure(String name, String message) {
        /**
         * Checks that both parts are present.
         *
         * @param name    the symbolic name of the bundle that registered the check; not null
         * @param message why it failed; not null
         */
        public Failure {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(message, "message");
        }
    }
}
