package io.patchbay.framework.testapi;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@code Test-Health: switch} check does: the test activator's health mode held in {@link #MODE} ("ok",
 * "fail", "throw", "hang" and "stuck", which hangs in {@link Hang#here()} ignoring interrupts). The host exports
 * this package, so a test turns a committed bundle's check unhealthy later.
 */
public final class HealthSwitch {
    public static final AtomicReference<String> MODE = new AtomicReference<>("ok");

    private HealthSwitch() {
    }
}
