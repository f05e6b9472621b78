package io.patchbay.agent.impl.health;

import io.patchbay.agent.impl.poll.StatusLog;
import io.patchbay.framework.api.HealthReport;
import io.patchbay.framework.api.PatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host's health as check-in facts: every check-in runs the runtime's health checks again
 * ({@link PatchService#health()}) and sends {@value #HEALTH} = UP | DOWN, {@value #FAILING} (the failing checks'
 * names, comma-separated, at most {@value #MAX_FAILING_CHARS} characters) and {@value #AT} (when they ran). A server
 * running a staged rollout counts a host that turns DOWN during its soak as a failure.
 *
 * <p>The runtime bounds the run itself; the probe bounds its wait too ({@code timeout}, on a thread of its own), so a
 * runtime that does not answer costs the check-in that time, once: while a call is still stuck, the next check-in
 * does not start another (no pile of threads) and reports DOWN at once. A run that fails, throws or overruns is DOWN
 * under {@value #RUN_FAILED}. When the runtime skips the run (a swap in progress) the probe sends its last result
 * again, whose {@value #AT} says how old it is; before any result it sends no health facts.
 */
public final class HealthProbe implements AutoCloseable {
    public static final String HEALTH = "health";
    public static final String FAILING = "health.failing";
    public static final String AT = "health.at";
    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
    /** The name reported when the run itself failed (the runtime threw or did not answer). */
    public static final String RUN_FAILED = "patchbay.health";
    public static final int MAX_FAILING_CHARS = 512;

    private final PatchService patches;
    private final Duration timeout;
    private final Clock clock;
    private final StatusLog log;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "patchbay-agent-health");
        thread.setDaemon(true);
        return thread;
    });
    /** Set from a call's submission until it returns (a cancelled future is "done" before its thread is). */
    private final AtomicBoolean calling = new AtomicBoolean();
    private Map<String, Object> last;
    private String lastLogged;

    public HealthProbe(PatchService patches, Duration timeout, Clock clock, StatusLog log) {
        this.patches = patches;
        this.timeout = timeout;
        this.clock = clock;
        this.log = log;
    }

    /** Runs the checks now (bounded) and answers the facts to send: empty before any result. */
    public synchronized Map<String, Object> facts() {
        Instant now = clock.instant();
        if (!calling.compareAndSet(false, true)) {
            return remember(down(List.of(RUN_FAILED), now), "the runtime has not answered an earlier health run");
        }
        Future<Optional<HealthReport>> inFlight;
        AtomicBoolean started = new AtomicBoolean();
        try {
            inFlight = executor.submit(() -> {
                started.set(true);
                try {
                    return patches.health();
                } finally {
                    calling.set(false);
                }
            });
        } catch (RejectedExecutionException closed) {
            calling.set(false);
            return last == null ? Map.of() : last;
        }
        try {
            Optional<HealthReport> report = inFlight.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (report == null) {
                return remember(down(List.of(RUN_FAILED), now), "the runtime's health run answered nothing");
            }
            if (report.isEmpty()) {
                return last == null ? Map.of() : last; // a swap is running: the last result, stamped with its time
            }
            return remember(facts(report.get()), describe(report.get()));
        } catch (TimeoutException e) {
            if (inFlight.cancel(true) && !started.get()) {
                calling.set(false); // cancelled before it ran: it never will
            }
            return remember(down(List.of(RUN_FAILED), now), "the runtime's health run did not answer within "
                    + timeout);
        } catch (ExecutionException e) {
            return remember(down(List.of(RUN_FAILED), now), "the runtime's health run failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the agent is stopping: send what it had
            return last == null ? Map.of() : last;
        }
    }

    private static Map<String, Object> facts(HealthReport report) {
        if (report.healthy()) {
            Map<String, Object> up = new LinkedHashMap<>();
            up.put(HEALTH, UP);
            up.put(FAILING, "");
            up.put(AT, report.checkedAt().toString());
            return up;
        }
        return down(report.failing().stream().map(HealthReport.Failure::name).toList(), report.checkedAt());
    }

    private static Map<String, Object> down(List<String> names, Instant at) {
        Map<String, Object> down = new LinkedHashMap<>();
        down.put(HEALTH, DOWN);
        down.put(FAILING, joinBounded(names));
        down.put(AT, at.toString());
        return down;
    }

    /**
     * The distinct names, comma-separated, within {@value #MAX_FAILING_CHARS} characters: names are cut at a comma
     * boundary and what did not fit is counted ("+3"); a name's commas and control characters become '_'.
     */
    static String joinBounded(List<String> names) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String name : names) {
            distinct.add(clean(name));
        }
        StringBuilder out = new StringBuilder();
        int written = 0;
        for (String name : distinct) {
            int left = distinct.size() - written - 1;
            String more = left == 0 ? "" : ",+" + left;
            String piece = (out.length() == 0 ? "" : ",") + name;
            if (out.length() + piece.length() + more.length() > MAX_FAILING_CHARS) {
                String rest = (out.length() == 0 ? "" : ",") + "+" + (distinct.size() - written);
                return out.length() + rest.length() <= MAX_FAILING_CHARS ? out + rest : out.toString();
            }
            out.append(piece);
            written++;
        }
        return out.toString();
    }

    private static String clean(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_FAILING_CHARS));
        for (int i = 0; i < name.length() && out.length() < MAX_FAILING_CHARS - 8; i++) {
            char c = name.charAt(i);
            out.append(c == ',' || Character.isISOControl(c) ? '_' : c);
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    private static String describe(HealthReport report) {
        if (report.healthy()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (HealthReport.Failure failure : report.failing()) {
            out.append(out.length() == 0 ? "" : "; ").append(failure.name()).append(": ").append(failure.message());
        }
        return out.toString();
    }

    /** Keeps the facts to send again while a swap runs; one log line when health changes, never one per check-in. */
    private Map<String, Object> remember(Map<String, Object> facts, String problem) {
        last = Map.copyOf(facts);
        String summary = problem == null ? null : facts.get(FAILING).toString();
        if (!java.util.Objects.equals(summary, lastLogged)) {
            if (problem == null) {
                log.info("host health UP again");
            } else {
                log.warn("host health DOWN: " + problem);
            }
            lastLogged = summary;
        }
        return last;
    }

    /** Interrupts a run in progress; the thread ends with it. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
