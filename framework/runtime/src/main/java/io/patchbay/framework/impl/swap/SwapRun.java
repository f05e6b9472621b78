package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapEvent.Phase;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.event.SwapEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one swap's steps in order, timing each and emitting its events: STARTED before a step, FINISHED after it and
 * after its durable effects (a listener that blocks on JOURNAL/FINISHED holds the swap with the intent on disk and
 * the container untouched), FAILED with the message when it fails. After a failure it can undo what ran.
 */
final class SwapRun {
    private final String transactionId;
    private final SwapEvents events;
    private final Map<SwapStep, Duration> timings = new EnumMap<>(SwapStep.class);
    private final List<SwapTask> done = new ArrayList<>();
    private SwapTask failed;
    private Throwable cause;

    SwapRun(String transactionId, SwapEvents events) {
        this.transactionId = transactionId;
        this.events = events;
    }

    /** Runs {@code tasks} until one fails; returns whether all succeeded. */
    boolean run(List<SwapTask> tasks) {
        for (SwapTask task : tasks) {
            events.emit(transactionId, task.step(), Phase.STARTED, null);
            long start = System.nanoTime();
            try {
                task.run();
            } catch (Exception | LinkageError e) {
                add(task.step(), System.nanoTime() - start);
                events.emit(transactionId, task.step(), Phase.FAILED, String.valueOf(e.getMessage()));
                failed = task;
                cause = e;
                return false;
            }
            add(task.step(), System.nanoTime() - start);
            events.emit(transactionId, task.step(), Phase.FINISHED, null);
            done.add(task);
        }
        return true;
    }

    /** Adds time spent on {@code step} (VERIFY is timed in two parts, before and under the swap lock). */
    void add(SwapStep step, long nanos) {
        timings.merge(step, Duration.ofNanos(nanos), Duration::plus);
    }

    /** The failed step, or null. */
    SwapStep failedStep() {
        return failed == null ? null : failed.step();
    }

    Throwable cause() {
        return cause;
    }

    /**
     * Undoes the failed step and every step before it, in reverse order, as the ROLLBACK step; stops at the first
     * undo that fails, since the earlier ones may rely on it.
     *
     * @return the undo failure, or null when everything was undone
     */
    Throwable undo() {
        events.emit(transactionId, SwapStep.ROLLBACK, Phase.STARTED, String.valueOf(cause.getMessage()));
        long start = System.nanoTime();
        List<SwapTask> undo = new ArrayList<>(done);
        undo.add(failed);
        Collections.reverse(undo);
        Throwable failure = null;
        for (SwapTask task : undo) {
            try {
                task.undo();
            } catch (Exception | LinkageError e) {
                failure = e;
                break;
            }
        }
        add(SwapStep.ROLLBACK, System.nanoTime() - start);
        if (failure == null) {
            events.emit(transactionId, SwapStep.ROLLBACK, Phase.FINISHED, null);
        } else {
            events.emit(transactionId, SwapStep.ROLLBACK, Phase.FAILED, String.valueOf(failure.getMessage()));
        }
        return failure;
    }

    Map<SwapStep, Duration> timings() {
        return timings;
    }
}
