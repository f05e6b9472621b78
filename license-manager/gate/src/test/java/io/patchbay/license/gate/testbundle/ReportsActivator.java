package io.patchbay.license.gate.testbundle;

import io.patchbay.license.gate.testapi.Reports;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The licensed test bundle: registers a {@link Reports} that waits on {@link Reports#BLOCK} when one is set. */
public class ReportsActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        String version = context.getBundle().getVersion().toString();
        context.registerService(Reports.class, name -> {
            CountDownLatch entered = Reports.ENTERED.get();
            if (entered != null) {
                entered.countDown();
            }
            CountDownLatch block = Reports.BLOCK.get();
            if (block != null) {
                try {
                    block.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
            return "report " + version + " for " + name;
        }, null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
