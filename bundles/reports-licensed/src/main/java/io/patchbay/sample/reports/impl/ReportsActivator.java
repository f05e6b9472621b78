package io.patchbay.sample.reports.impl;

import io.patchbay.framework.spi.HealthCheck;
import io.patchbay.sample.feature.api.Reports;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The licensed sample feature: registers {@link Reports} and a health check. It never checks a license itself; its
 * manifest names the feature, and the framework with the license gate decide whether it runs.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class ReportsActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        String version = context.getBundle().getVersion().toString();
        Reports reports = subject -> "Report on " + subject + " (v" + version + ")";
        context.registerService(Reports.class, reports, null);
        context.registerService(HealthCheck.class, () -> reports.report("health").startsWith("Report on health")
                ? HealthCheck.Result.ok() : HealthCheck.Result.failed("reports answer wrongly"), null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the services
    }
}
