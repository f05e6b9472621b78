package io.patchbay.framework.impl.health;

import io.patchbay.framework.api.HealthGateException;
import io.patchbay.framework.impl.container.BundleStates;
import io.patchbay.framework.spi.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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
 * A check that overruns is interrupted; should it ignore that, its thread is the only one it ever holds: the same
 * service is not run again while its last run is still going (it fails at once instead), and closing the gate
 * interrupts whatever is left.
 */
public final class HealthGate implements AutoCloseable {

    private final BundleContext context;
    /** Service ids of checks whose last run has not returned yet (a cancelled future is "done" before its thread is). */
    private final Set<Object> stillRunning = ConcurrentHashMap.newKeySet();
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
            if (!BundleStates.isFragment(bundle) && bundle.getState() != Bundle.ACTIVE) {
                problems.add(bundle.getSymbolicName() + " is " + BundleStates.name(bundle.getState()) + ", not ACTIVE");
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
                    Object id = ref.getProperty("service.id");
                    if (!stillRunning.add(id)) {
                        problems.add(name + " has not returned from its previous run");
                        continue;
                    }
                    try {
                        running.put(name, executor.submit(() -> {
                            try {
                                return check.check();
                            } finally {
                                stillRunning.remove(id);
                            }
                        }));
                    } catch (RejectedExecutionException closed) {
                        stillRunning.remove(id);
                        problems.add(name + " was not run: the runtime is stopping");
                    }
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
