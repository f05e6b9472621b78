package io.patchbay.framework.impl.health;

import io.patchbay.framework.api.HealthGateException;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.spi.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The swap's health gate: every patched bundle is ACTIVE and every {@link HealthCheck} service those bundles
 * registered says healthy within the timeout. Checks run in parallel on daemon threads, so one that hangs costs the
 * timeout, not the swap thread; a check that throws, answers null, or comes from another class space is unhealthy.
 */
public final class HealthGate implements AutoCloseable {

    private final BundleContext context;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "patchbay-health-check");
        thread.setDaemon(true);
        return thread;
    });

    public HealthGate(BundleContext context) {
        this.context = context;
    }

    public void check(Collection<Bundle> bundles, Duration timeout) {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (!Container.isFragment(bundle) && bundle.getState() != Bundle.ACTIVE) {
                problems.add(bundle.getSymbolicName() + " is " + Container.stateName(bundle.getState()) + ", not ACTIVE");
            }
        }
        if (problems.isEmpty()) {
            runChecks(bundles, timeout, problems);
        }
        if (!problems.isEmpty()) {
            throw new HealthGateException("health gate failed: " + String.join("; ", problems));
        }
    }

    private void runChecks(Collection<Bundle> bundles, Duration timeout, List<String> problems) {
        Map<String, Future<HealthCheck.Result>> running = new LinkedHashMap<>();
        List<ServiceReference<?>> held = new ArrayList<>();
        try {
            for (ServiceReference<?> ref : references(bundles)) {
                String name = ref.getBundle().getSymbolicName() + " health check (service.id " + ref.getProperty("service.id") + ")";
                Object service = context.getService(ref);
                if (service == null) {
                    continue;
                }
                held.add(ref);
                if (service instanceof HealthCheck check) {
                    running.put(name, executor.submit(check::check));
                } else {
                    problems.add(name + " implements HealthCheck from another class space");
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Map.Entry<String, Future<HealthCheck.Result>> entry : running.entrySet()) {
                String problem = outcome(entry.getValue(), deadline, timeout);
                if (problem != null) {
                    problems.add(entry.getKey() + " " + problem);
                }
            }
        } finally {
            running.values().forEach(f -> f.cancel(true));
            held.forEach(context::ungetService);
        }
    }

    private static String outcome(Future<HealthCheck.Result> future, long deadline, Duration timeout) {
        try {
            HealthCheck.Result result = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (result == null) {
                return "returned no result";
            }
            return result.healthy() ? null : "reports unhealthy: " + result.message();
        } catch (TimeoutException e) {
            return "did not answer within " + timeout;
        } catch (ExecutionException e) {
            return "threw " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "was interrupted";
        }
    }

    private List<ServiceReference<?>> references(Collection<Bundle> bundles) {
        ServiceReference<?>[] all;
        try {
            all = context.getAllServiceReferences(HealthCheck.class.getName(), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a null filter is always valid", e);
        }
        List<ServiceReference<?>> ours = new ArrayList<>();
        if (all != null) {
            for (ServiceReference<?> ref : all) {
                Bundle owner = ref.getBundle();
                if (owner != null && bundles.contains(owner)) {
                    ours.add(ref);
                }
            }
        }
        return ours;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
