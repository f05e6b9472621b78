package io.patchbay.framework.impl.access;

import io.patchbay.framework.spi.CallDrain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;

/**
 * Counts the calls the host's access points have in flight, per providing bundle, and drains them for a bundle about
 * to stop. The count is taken before a call and re-checked against the hold after, so a call either is counted
 * before the drain looks, or sees the hold and picks another provider; a drain therefore never misses a call.
 */
public final class CallCounts implements CallDrain {
    private final ConcurrentMap<Long, Counter> byBundle = new ConcurrentHashMap<>();
    /** Told when a hold ends, so callers waiting for a provider look again. */
    private final List<Runnable> onRelease = new CopyOnWriteArrayList<>();

    /** One bundle's calls in flight and whether its services are held back from new calls. */
    static final class Counter {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean held;

        /** Counts a call in; false (and nothing counted) when the bundle is held. */
        boolean enter() {
            inFlight.incrementAndGet();
            if (held) {
                exit();
                return false;
            }
            return true;
        }

        void exit() {
            if (inFlight.decrementAndGet() == 0 && held) {
                synchronized (this) {
                    notifyAll();
                }
            }
        }
    }

    Counter of(Bundle bundle) {
        return byBundle.computeIfAbsent(bundle.getBundleId(), id -> new Counter());
    }

    void onRelease(Runnable listener) {
        onRelease.add(listener);
    }

    void removeOnRelease(Runnable listener) {
        onRelease.remove(listener);
    }

    @Override
    public boolean drain(Bundle bundle, Duration timeout) throws InterruptedException {
        Counter counter = of(bundle);
        counter.held = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (counter) {
            while (counter.inFlight.get() > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                long millis = Math.max(1, remaining / 1_000_000);
                counter.wait(millis);
            }
        }
        return true;
    }

    @Override
    public void release(Bundle bundle) {
        Counter counter = byBundle.get(bundle.getBundleId());
        if (counter != null) {
            counter.held = false;
            onRelease.forEach(Runnable::run);
        }
    }

    /** Calls in flight to {@code bundle}'s services, for tests and diagnostics. */
    public int inFlight(Bundle bundle) {
        Counter counter = byBundle.get(bundle.getBundleId());
        return counter == null ? 0 : counter.inFlight.get();
    }
}
