package io.patchbay.framework.itest.crash.exiting;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a patch that kills its host: it ends the process as soon as it is started. */
public final class ExitingActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        System.exit(42);
    }

    @Override
    public void stop(BundleContext context) {
        // never reached
    }
}
