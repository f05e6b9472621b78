package io.patchbay.agent.impl.poll;

import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.report.FeedbackSender;
import io.patchbay.agent.impl.report.Reporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Lets a stop wait for a history record in flight: each record is sent and acknowledged under one lock, and the
 * reporter checks {@code running} before each record, so after a stop at most the record in flight finishes. A
 * stop that cut a report between the server's 202 and the acknowledgement would make the next agent send it again.
 */
final class ReportGate {
    private final ReentrantLock reporting = new ReentrantLock();
    private final Reporter reporter;
    private final StatusLog log;

    ReportGate(Reporter reporter, StatusLog log) {
        this.reporter = reporter;
        this.log = log;
    }

    /** Sends the unreported history while {@code running}; returns at once if a stop interrupted the wait. */
    void report(FeedbackSender feedback, BooleanSupplier running) throws DeviceException {
        try {
            reporting.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the next agent reports
            return;
        }
        try {
            reporter.reportPending(feedback, running);
        } finally {
            reporting.unlock();
        }
    }

    /** After {@code running} turned false: waits up to {@code wait} for a record in flight to be acknowledged. */
    void awaitQuiet(Duration wait) {
        if (reporting.isHeldByCurrentThread()) {
            return; // stopped from within a report (the agent's own thread)
        }
        try {
            if (reporting.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                reporting.unlock(); // no report starts after this
            } else {
                log.warn("agent stopped while a report was still in flight after " + wait
                        + "; the next agent sends it again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
