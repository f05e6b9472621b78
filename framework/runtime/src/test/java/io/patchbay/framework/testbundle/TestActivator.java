package io.patchbay.framework.testbundle;

import io.patchbay.framework.spi.HealthCheck;
import io.patchbay.framework.testapi.Greeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Dictionary;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator packed into the test bundles; its manifest headers say what it does:
 * {@code Test-Start: throw} fails the start, {@code Test-Marker: <file>} appends the bundle version to a file on
 * every start, {@code Test-Greeting: <text>} registers a {@link Greeter}, {@code Test-Health: ok|fail|throw|hang}
 * registers a {@link HealthCheck}.
 */
public class TestActivator implements BundleActivator {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    public void start(BundleContext context) throws Exception {
        Dictionary<String, String> headers = context.getBundle().getHeaders();
        String version = context.getBundle().getVersion().toString();
        String marker = headers.get("Test-Marker");
        if (marker != null) {
            Files.writeString(Path.of(marker), version + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        if ("throw".equals(headers.get("Test-Start"))) {
            throw new IllegalStateException("activator of " + context.getBundle().getSymbolicName() + " " + version + " refuses to start");
        }
        String greeting = headers.get("Test-Greeting");
        if (greeting != null) {
            context.registerService(Greeter.class, name -> greeting + ", " + name, null);
        }
        String health = headers.get("Test-Health");
        if (health != null) {
            context.registerService(HealthCheck.class, () -> check(health), null);
        }
    }

    private static HealthCheck.Result check(String mode) {
        switch (mode) {
            case "ok":
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
        // services go away with the bundle
    }

}
