package io.patchbay.framework.itest.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Calls a service in a loop, as a busy host would, until stopped; keeps each distinct answer in the
 * order first seen (consecutive repeats collapsed), every failure, and how many calls began while
 * {@code window} was open (to show that calls really overlapped what the test watches).
 */
final class CallRecorder implements Runnable {

    private final Supplier<String> call;
    private final BooleanSupplier window;
    private final List<String> distinctAnswers = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private int answeredInWindow;
    private volatile boolean running = true;

    CallRecorder(Supplier<String> call, BooleanSupplier window) {
        this.call = call;
        this.window = window;
    }

    @Override
    public void run() {
        while (running) {
            boolean inWindow = window.getAsBoolean();
            try {
                record(call.get(), inWindow);
            } catch (RuntimeException e) {
                synchronized (this) {
                    failures.add(e);
                }
            }
        }
    }

    void stop() {
        running = false;
    }

    /** Waits until {@code answer} has been seen; fails after {@code timeout}. */
    synchronized void awaitAnswer(String answer, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!distinctAnswers.contains(answer)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no call answered \"" + answer + "\" within " + timeout + "; answers "
                        + distinctAnswers + ", failures " + failures);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized List<String> distinctAnswers() {
        return List.copyOf(distinctAnswers);
    }

    synchronized List<Throwable> failures() {
        return List.copyOf(failures);
    }

    synchronized int answeredInWindow() {
        return answeredInWindow;
    }

    private synchronized void record(String answer, boolean inWindow) {
        if (inWindow) {
            answeredInWindow++;
        }
        if (distinctAnswers.isEmpty() || !distinctAnswers.get(distinctAnswers.size() - 1).equals(answer)) {
            distinctAnswers.add(answer);
            notifyAll();
        }
    }
}
