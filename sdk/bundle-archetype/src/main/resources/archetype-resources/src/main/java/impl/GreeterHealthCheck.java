package ${package}.impl;

import ${package}.api.Greeter;
import io.patchbay.framework.spi.HealthCheck;

/**
 * Decides whether a patch carrying this bundle commits: Patchbay rolls the patch back unless every health check
 * of its bundles reports healthy within the host's timeout. It exercises the feature the way a caller would, and
 * its failure message ends up in the swap result and the fleet report, so it says what is wrong.
 */
final class GreeterHealthCheck implements HealthCheck {
    private static final String PROBE = "health probe";

    private final Greeter greeter;

    GreeterHealthCheck(Greeter greeter) {
        this.greeter = greeter;
    }

    @Override
    public Result check() {
        String greeting = greeter.greet(PROBE);
        if (greeting == null || !greeting.contains(PROBE)) {
            return Result.failed("the greeter ignores the name it greets: it answered \"" + greeting + "\"");
        }
        return Result.ok();
    }
}
