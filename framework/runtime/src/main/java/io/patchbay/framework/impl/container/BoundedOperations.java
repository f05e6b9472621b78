package io.patchbay.framework.impl.container;

import io.patchbay.framework.api.PatchbayException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * Runs operations that execute bundle code (an activator's start or stop, an update that stops the bundle) on a
 * runtime-owned thread and waits a bounded time, so a bundle that hangs fails its swap instead of the runtime.
 *
 * <p>A thread stuck in bundle code cannot be killed. It is interrupted when the runtime closes, and while it is stuck
 * its bundle is marked busy: a further operation on that bundle fails at once rather than queue another thread behind
 * the same bundle lock, so a hung activator costs one thread, not one per retry.
 */
public final class BoundedOperations implements AutoCloseable {
    private final Duration timeout;
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor;

    public BoundedOperations(Duration timeout) {
        this.timeout = timeout;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "patchbay-bundle-op-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public Duration timeout() {
        return timeout;
    }

    /** Runs {@code operation} on {@code bundle}, waiting at most the timeout. */
    public <T> T run(String what, Bundle bundle, Callable<T> operation) throws BundleException {
        long id = bundle.getBundleId();
        if (!busy.add(id)) {
            throw new PatchbayException("cannot " + what + " " + describe(bundle) + ": an earlier operation on it has"
                    + " not returned (its bundle code hangs)");
        }
        Future<T> future;
        try {
            future = executor.submit(() -> {
                try {
                    return operation.call();
                } finally {
                    busy.remove(id);
                }
            });
        } catch (RuntimeException e) {
            busy.remove(id);
            throw new PatchbayException("cannot " + what + " " + describe(bundle) + ": the runtime is stopping", e);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the bundle stays marked busy until its code returns, if it ever does
            throw new PatchbayException(what + " " + describe(bundle) + " did not return within " + timeout
                    + " (its bundle code hangs); the thread is left to it, and the bundle is busy until it returns");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PatchbayException("interrupted while waiting to " + what + " " + describe(bundle), e);
        }
    }

    /** Whether an earlier operation on {@code bundle} is still stuck in its code. */
    public boolean busy(Bundle bundle) {
        return busy.contains(bundle.getBundleId());
    }

    private static BundleException rethrow(Throwable cause) {
        if (cause instanceof BundleException b) {
            return b;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new BundleException(String.valueOf(cause), cause);
    }

    static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }

    /** Interrupts anything still running (a hung activator may give up) and lets idle threads end. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
