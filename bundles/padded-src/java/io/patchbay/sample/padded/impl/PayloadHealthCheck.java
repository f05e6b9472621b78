package io.patchbay.sample.padded.impl;

import io.patchbay.framework.spi.HealthCheck;
import org.osgi.framework.Bundle;

/** Healthy when the payload entry is readable and as large as the build recorded in the manifest. */
final class PayloadHealthCheck implements HealthCheck {

    private final Bundle bundle;

    PayloadHealthCheck(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public Result check() {
        String expected = bundle.getHeaders("").get(BundledPayload.SIZE_HEADER);
        long actual = BundledPayload.measure(bundle);
        if (expected == null || Long.parseLong(expected.strip()) != actual) {
            return Result.failed("payload is " + actual + " bytes, the manifest says " + expected);
        }
        return Result.ok();
    }
}
