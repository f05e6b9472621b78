package io.patchbay.policy.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Calls into host code, bounded. Each call runs on the executor, never the agent's thread; its answer is
 * awaited for a short real-time {@code pollWait} and otherwise collected by a later tick, and it times out
 * by the engine's clock, so tests drive timeouts with a hand-moved clock instead of sleeping.
 *
 * <p>A method whose previous call has not returned (its thread is still inside host code) is not called
 * again: a hung host ties up at most one thread per method. A stage the host returned (askUser) holds no
 * thread, so after its timeout it is dropped and the method may be called afresh.
 *
 * <p>Not thread-safe by itself: the engine calls it under its lock.
 */
final class BoundedCalls {

    enum State { DONE, NOT_IMPLEMENTED, FAILED, PENDING, TIMED_OUT, STILL_HUNG }

    record Result<T>(State state, T value, String problem, Instant deadline) {
    }

    private record Call(CompletableFuture<Object> future, Instant bound) {
    }

    private final Executor executor;
    private final Clock clock;
    private final Duration pollWait;
    private final Map<String, Call> outstanding = new HashMap<>();
    private final Map<String, AtomicInteger> inHostCode = new HashMap<>();

    BoundedCalls(Executor executor, Clock clock, Duration pollWait) {
        this.executor = executor;
        this.clock = clock;
        this.pollWait = pollWait;
    }

    /** Drops awaited answers (the update they were about is gone); host threads still inside stay counted. */
    void forgetAll() {
        outstanding.clear();
    }

    boolean hasOutstanding(String name) {
        return outstanding.containsKey(name);
    }

    /**
     * The answer of the outstanding call of {@code name} if there is one, else a new call of {@code body}
     * bounded by {@code bound} from now.
     */
    <T> Result<T> call(String name, Supplier<? extends CompletionStage<T>> body, Duration bound) {
        Result<T> earlier = collect(name);
        if (earlier != null) {
            return earlier;
        }
        AtomicInteger inside = inHostCode.computeIfAbsent(name, n -> new AtomicInteger());
        if (inside.get() > 0) {
            return new Result<>(State.STILL_HUNG, null, "an earlier " + name + " call has not returned", null);
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        inside.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    CompletionStage<T> stage = body.get();
                    if (stage == null) {
                        future.completeExceptionally(new IllegalStateException(name + " returned null"));
                    } else {
                        stage.whenComplete((v, e) -> {
                            if (e != null) {
                                future.completeExceptionally(e);
                            } else {
                                future.complete(v);
                            }
                        });
                    }
                } catch (Throwable t) {
                    // Whatever the host throws (even an Error) stays the host's: it is reported, never rethrown.
                    future.completeExceptionally(t);
                } finally {
                    inside.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            inside.decrementAndGet();
            return new Result<>(State.FAILED, null, "cannot call " + name + ": " + e.getMessage(), null);
        }
        if (!future.isDone() && !pollWait.isZero()) {
            try {
                future.get(pollWait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // collected below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Instant deadline = clock.instant().plus(bound);
        if (future.isDone()) {
            return outcome(name, future, deadline);
        }
        outstanding.put(name, new Call(future, deadline));
        return new Result<>(State.PENDING, null, null, deadline);
    }

    /** The outstanding call's answer, PENDING while it may still come, or null when there is no call. */
    <T> Result<T> collect(String name) {
        Call call = outstanding.get(name);
        if (call == null) {
            return null;
        }
        if (call.future().isDone()) {
            outstanding.remove(name);
            return outcome(name, call.future(), call.bound());
        }
        if (!clock.instant().isBefore(call.bound())) {
            outstanding.remove(name);
            return new Result<>(State.TIMED_OUT, null, name + " did not answer by " + call.bound(), call.bound());
        }
        return new Result<>(State.PENDING, null, null, call.bound());
    }

    @SuppressWarnings("unchecked")
    private static <T> Result<T> outcome(String name, CompletableFuture<Object> future, Instant bound) {
        try {
            return new Result<>(State.DONE, (T) future.join(), null, bound);
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof UnsupportedOperationException) {
                return new Result<>(State.NOT_IMPLEMENTED, null, name + " not implemented by the host", bound);
            }
            return new Result<>(State.FAILED, null, name + " threw " + describe(cause), bound);
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
