package io.patchbay.framework.impl.health;

import io.patchbay.framework.api.HealthGateException;
import io.patchbay.framework.impl.container.BundleStates;
import io.patchbay.framework.spi.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
import java.util.function.Predicate;
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
 *
 * <p>The same runs serve {@link #checkAll}, every check in the container at once, which the patch service offers
 * for health re-checks after a commit (an agent's heartbeat during a rollout's soak).
 */
public final class HealthGate implements AutoCloseable {
    /** The most checks {@link #checkAll} runs at once: each takes a thread while it runs. */
    public static final int MAX_CHECKS = 256;
    /** The name {@link #checkAll} gives a failure of the run itself rather than of one check. */
    public static final String RUN_NAME = "patchbay.health";

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
            for (Problem problem : runChecks(references(bundles::contains), timeout)) {
                problems.add(problem.bundle() + " health check (service.id " + problem.serviceId() + ") "
                        + problem.what());
            }
        }
        if (!problems.isEmpty()) {
            throw new HealthGateException("health gate failed: " + String.join("; ", problems));
        }
    }

    /**
     * Runs every registered health check, whoever registered it, within {@code timeout} in all; at most
     * {@link #MAX_CHECKS} of them (more fail the run, rather than cost a thread each).
     *
     * @return what failed, empty when everything passed
     */
    public Outcome checkAll(Duration timeout) {
        List<ServiceReference<?>> all = references(owner -> true);
        List<Problem> problems = new ArrayList<>();
        if (all.size() > MAX_CHECKS) {
            problems.add(new Problem(RUN_NAME, "-", all.size() + " health checks are registered; only the first "
                    + MAX_CHECKS + " were run"));
            all = all.subList(0, MAX_CHECKS);
        }
        problems.addAll(runChecks(all, timeout));
        return new Outcome(all.size(), problems);
    }

    /** What {@link #checkAll} found: how many checks ran, and the problems. */
    public record Outcome(int checked, List<Problem> problems) {
    }

    /** One failed check: the symbolic name of the bundle that registered it, its service id, and what went wrong. */
    public record Problem(String bundle, Object serviceId, String what) {
    }

    private List<Problem> runChecks(List<ServiceReference<?>> refs, Duration timeout) {
        List<Problem> problems = new ArrayList<>();
        Map<ServiceReference<?>, Future<HealthCheck.Result>> running = new LinkedHashMap<>();
        List<ServiceReference<?>> held = new ArrayList<>();
        try {
            for (ServiceReference<?> ref : refs) {
                Bundle owner = ref.getBundle();
                Object service = owner == null ? null : context.getService(ref);
                if (service == null) {
                    continue; // unregistered meanwhile
                }
                held.add(ref);
                Object id = ref.getProperty("service.id");
                if (!(service instanceof HealthCheck check)) {
                    problems.add(new Problem(owner.getSymbolicName(), id, "implements HealthCheck from another"
                            + " class space"));
                } else if (!stillRunning.add(id)) {
                    problems.add(new Problem(owner.getSymbolicName(), id, "has not returned from its previous run"));
                } else {
                    try {
                        running.put(ref, executor.submit(() -> {
                            try {
                                return check.check();
                            } finally {
                                stillRunning.remove(id);
                            }
                        }));
                    } catch (RejectedExecutionException closed) {
                        stillRunning.remove(id);
                        problems.add(new Problem(owner.getSymbolicName(), id, "was not run: the runtime is stopping"));
                    }
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Map.Entry<ServiceReference<?>, Future<HealthCheck.Result>> entry : running.entrySet()) {
                String problem = outcome(entry.getValue(), deadline, timeout);
                if (problem != null) {
                    ServiceReference<?> ref = entry.getKey();
                    Bundle owner = ref.getBundle();
                    problems.add(new Problem(owner == null ? "(uninstalled)" : owner.getSymbolicName(),
                            ref.getProperty("service.id"), problem));
                }
            }
        } finally {
            running.values().forEach(f -> f.cancel(true));
            held.forEach(context::ungetService);
        }
        return problems;
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

    /** The registered health checks of the bundles {@code owners} accepts, oldest registration first. */
    private List<ServiceReference<?>> references(Predicate<Bundle> owners) {
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
                if (owner != null && owners.test(owner)) {
                    ours.add(ref);
                }
            }
        }
        ours.sort(Comparator.comparingLong(ref -> ((Number) ref.getProperty("service.id")).longValue()));
        return ours;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
