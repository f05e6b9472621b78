package io.patchbay.license.gate.impl;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Runs the {@link Gate} while the bundle is active. */
public final class GateActivator implements BundleActivator {
    private Gate gate;

    @Override
    public void start(BundleContext context) {
        gate = new Gate(context, Gate.drainTimeout(context));
        gate.open();
    }

    @Override
    public void stop(BundleContext context) {
        if (gate != null) {
            gate.close();
            gate = null;
        }
    }
}
