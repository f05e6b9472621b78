package io.patchbay.sample.greeter.impl;

import io.patchbay.framework.spi.HealthCheck;
import io.patchbay.sample.feature.api.Greeter;
import io.patchbay.sample.formatter.NameFormatter;

/**
 * Greets a probe name and checks that the answer addresses that name. A release whose template lost
 * its {@code {name}} placeholder (greeter 1.2.0) starts fine but fails here, so the swap rolls back.
 */
final class GreetingHealthCheck implements HealthCheck {

    static final String PROBE = "health probe";

    private final Greeter greeter;
    private final NameFormatter formatter;
    private final String version;

    GreetingHealthCheck(Greeter greeter, NameFormatter formatter, String version) {
        this.greeter = greeter;
        this.formatter = formatter;
        this.version = version;
    }

    @Override
    public Result check() {
        String greeting = greeter.greet(PROBE);
        if (!greeting.contains(formatter.format(PROBE))) {
            return Result.failed("greeter " + version + " ignores the name it greets: it answered \""
                    + greeting + "\" for \"" + PROBE + "\"");
        }
        return Result.ok();
    }
}
