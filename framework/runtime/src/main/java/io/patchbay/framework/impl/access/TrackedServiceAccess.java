package io.patchbay.framework.impl.access;

import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.framework.api.ServiceUnavailableException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * A {@link ServiceAccess} over a {@link ServiceTracker}. The tracker's callbacks keep a small map of the live
 * services under a lock and signal a condition, so a caller waits for a replacement without polling.
 *
 * <p>A call that throws while the service it used is going away (its bundle no longer ACTIVE, or the service
 * already unregistered) is retried once on a different service, the replacement; any other exception is the
 * caller's and passes through.
 *
 * <p>Every call is counted in its providing bundle's {@link CallCounts}, and a bundle being drained
 * ({@link io.patchbay.framework.spi.CallDrain}) gets no new calls: they wait for another provider as during a swap.
 */
public final class TrackedServiceAccess<T> implements ServiceAccess<T>, AutoCloseable {

    private final Class<T> type;
    private final BundleContext context;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<ServiceReference<?>, Live<T>> live = new HashMap<>();
    private final ServiceTracker<Object, T> tracker;
    private final CallCounts counts;
    private final Runnable wake = this::signalChanged;

    public TrackedServiceAccess(BundleContext context, Class<T> type, Duration timeout) {
        this(context, type, timeout, new CallCounts());
    }

    public TrackedServiceAccess(BundleContext context, Class<T> type, Duration timeout, CallCounts counts) {
        this.type = type;
        this.context = context;
        this.timeout = timeout;
        this.counts = counts;
        counts.onRelease(wake);
        this.tracker = new ServiceTracker<>(context, type.getName(), new Customizer());
        tracker.open(true);
    }

    @Override
    public <R> R call(Function<? super T, ? extends R> action) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Live<T> used = enter(null, deadline);
        RuntimeException first;
        try {
            return action.apply(used.service());
        } catch (RuntimeException e) {
            first = e;
        } finally {
            used.counter().exit();
        }
        if (!goingAway(used.reference())) {
            throw first;
        }
        Live<T> replacement;
        try {
            replacement = enter(used.reference(), deadline);
        } catch (ServiceUnavailableException none) {
            first.addSuppressed(none);
            throw first;
        }
        try {
            return action.apply(replacement.service());
        } finally {
            replacement.counter().exit();
        }
    }

    /** A live service other than {@code excluded}, counted in (the caller must {@code exit} it). */
    private Live<T> enter(ServiceReference<?> excluded, long deadline) {
        while (true) {
            Live<T> candidate = await(excluded, deadline);
            if (candidate.counter().enter()) {
                return candidate;
            }
        }
    }

    @Override
    public T proxy() {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; use call() instead");
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new CallingHandler<>(this, type)));
    }

    @Override
    public Optional<T> current() {
        lock.lock();
        try {
            ServiceReference<?> best = best(null);
            return best == null ? Optional.empty() : Optional.of(live.get(best).service());
        } finally {
            lock.unlock();
        }
    }

    /** A live service, its reference and its bundle's call counter, taken together under the lock. */
    private record Live<T>(ServiceReference<?> reference, T service, CallCounts.Counter counter) {
    }

    /** Waits until a service other than {@code excluded} is live. */
    private Live<T> await(ServiceReference<?> excluded, long deadline) {
        lock.lock();
        try {
            ServiceReference<?> best;
            while ((best = best(excluded)) == null) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new ServiceUnavailableException("no " + type.getName() + " service became available within " + timeout);
                }
                changed.awaitNanos(remaining);
            }
            return live.get(best);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while waiting for a " + type.getName() + " service");
        } finally {
            lock.unlock();
        }
    }

    /** The highest-ranked live service, by the framework's ordering (ranking, then lowest id). */
    private ServiceReference<?> best(ServiceReference<?> excluded) {
        ServiceReference<?> best = null;
        for (Map.Entry<ServiceReference<?>, Live<T>> entry : live.entrySet()) {
            ServiceReference<?> ref = entry.getKey();
            if (ref.equals(excluded) || entry.getValue().counter().held) {
                continue;
            }
            if (best == null || compare(ref, best) > 0) {
                best = ref;
            }
        }
        return best;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(ServiceReference a, ServiceReference b) {
        return a.compareTo(b);
    }

    private boolean goingAway(ServiceReference<?> ref) {
        Bundle owner = ref.getBundle();
        if (owner == null || owner.getState() != Bundle.ACTIVE) {
            return true;
        }
        lock.lock();
        try {
            return !live.containsKey(ref);
        } finally {
            lock.unlock();
        }
    }

    private void signalChanged() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        counts.removeOnRelease(wake);
        tracker.close();
        lock.lock();
        try {
            live.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class Customizer implements ServiceTrackerCustomizer<Object, T> {
        @Override
        public T addingService(ServiceReference<Object> reference) {
            Object service = context.getService(reference);
            if (!type.isInstance(service)) {
                if (service != null) {
                    context.ungetService(reference);
                }
                return null;
            }
            T typed = type.cast(service);
            Bundle owner = reference.getBundle();
            if (owner == null) {
                context.ungetService(reference);
                return null;
            }
            CallCounts.Counter counter = counts.of(owner);
            lock.lock();
            try {
                live.put(reference, new Live<>(reference, typed, counter));
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return typed;
        }

        @Override
        public void modifiedService(ServiceReference<Object> reference, T service) {
            signalChanged();
        }

        @Override
        public void removedService(ServiceReference<Object> reference, T service) {
            lock.lock();
            try {
                live.remove(reference);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            context.ungetService(reference);
        }
    }
}
