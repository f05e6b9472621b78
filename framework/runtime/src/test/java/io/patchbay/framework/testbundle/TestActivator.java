package io.patchbay.framework.testbundle;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.spi.FeatureGate;
import io.patchbay.framework.spi.HealthCheck;
import io.patchbay.framework.testapi.Greeter;
import io.patchbay.framework.testapi.Hang;
import io.patchbay.framework.testapi.Licenses;
import io.patchbay.framework.testapi.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Dictionary;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The activator packed into the test bundles; its manifest headers say what it does:
 * {@code Test-Start: throw|hang|exit} fails the start, hangs in it (see {@link Hang}) or ends the process;
 * {@code Test-Stop: hang} hangs in stop; {@code Test-Marker: <file>} appends the bundle version to a file on every
 * start; {@code Test-Greeting: <text>} registers a {@link Greeter}; {@code Test-Health: ok|fail|throw|hang|switch} registers
 * a {@link HealthCheck} (switch: as {@code HealthSwitch} says); {@code Test-Submit: <jar>} submits a patch of that jar to the {@link PatchService} on start
 * (a bundle updating itself) and reports "SUBMITTED <outcome>" to {@link Reports} when it ends;
 * {@code Test-Greeting-Lib} adds the text of the {@code io.patchbay.framework.testlib} revision it is wired to;
 * {@code Test-Feature-Gate} registers a {@link FeatureGate} permitting what {@link Licenses} holds.
 */
public class TestActivator implements BundleActivator {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    public void start(BundleContext context) throws Exception {
        Dictionary<String, String> headers = context.getBundle().getHeaders();
        String version = context.getBundle().getVersion().toString();
        String marker = headers.get("Test-Marker");
        if (marker != null) {
            append(marker, version);
        }
        String start = headers.get("Test-Start");
        if ("throw".equals(start)) {
            throw new IllegalStateException("activator of " + context.getBundle().getSymbolicName() + " " + version + " refuses to start");
        }
        if ("hang".equals(start)) {
            Hang.here();
        }
        if ("exit".equals(start)) {
            System.exit(3);
        }
        String greeting = headers.get("Test-Greeting");
        if (greeting != null) {
            boolean withLib = headers.get("Test-Greeting-Lib") != null;
            context.registerService(Greeter.class, name -> (withLib ? greeting + "/" + LibText.get() : greeting)
                    + ", " + name, null);
        }
        String health = headers.get("Test-Health");
        if (health != null) {
            context.registerService(HealthCheck.class, () -> check(health), null);
        }
        if (headers.get("Test-Feature-Gate") != null) {
            context.registerService(FeatureGate.class, (bundle, features) -> Licenses.LICENSED.containsAll(features), null);
        }
        String submit = headers.get("Test-Submit");
        if (submit != null) {
            ServiceReference<PatchService> ref = context.getServiceReference(PatchService.class);
            PatchService patches = context.getService(ref);
            patches.submit(Patch.of(Path.of(submit))).whenComplete((result, failure) -> Reports.QUEUE.add(
                    "SUBMITTED " + (failure == null ? result.outcome() : "FAILED " + failure)));
        }
    }

    private static void append(String file, String line) {
        try {
            Files.writeString(Path.of(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HealthCheck.Result check(String mode) {
        switch (mode) {
            case "ok":
                return HealthCheck.Result.ok();
            case "switch":
                String now = io.patchbay.framework.testapi.HealthSwitch.MODE.get();
                return "switch".equals(now) ? HealthCheck.Result.ok() : check(now);
            case "stuck":
                Hang.here();
                return HealthCheck.Result.ok();
            case "throw":
                throw new IllegalStateException("health check exploded");
            case "hang":
                try {
                    NEVER.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return HealthCheck.Result.ok();
            default:
                return HealthCheck.Result.failed("database unreachable");
        }
    }

    @Override
    public void stop(BundleContext context) {
        if ("hang".equals(context.getBundle().getHeaders().get("Test-Stop"))) {
            Hang.here();
        }
    }

    /** Kept apart so that only bundles asking for the library load (and import) it. */
    private static final class LibText {
        static String get() {
            return io.patchbay.framework.testlib.Lib.text();
        }
    }
}
