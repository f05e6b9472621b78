package io.patchbay.license.gate;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Holds one bundle in a transition: the first time {@code bundle} fires {@code eventType} (STARTING or STOPPING, which
 * the framework fires synchronously on the thread making the change, with the bundle in that state) on a thread
 * {@code on} accepts, that thread waits until {@link #release}. {@link #reached} opens when it is held. Bounded.
 */
final class StateHold implements SynchronousBundleListener, AutoCloseable {
    final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final BundleContext context;
    private final Bundle bundle;
    private final int eventType;
    private final Predicate<Thread> on;
    private final Duration bound;

    StateHold(BundleContext context, Bundle bundle, int eventType, Predicate<Thread> on, Duration bound) {
        this.context = context;
        this.bundle = bundle;
        this.eventType = eventType;
        this.on = on;
        this.bound = bound;
        context.addBundleListener(this);
    }

    static Predicate<Thread> named(String name) {
        return thread -> thread.getName().equals(name);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getBundle() != bundle || event.getType() != eventType || !on.test(Thread.currentThread())
                || !armed.compareAndSet(true, false)) {
            return;
        }
        reached.countDown();
        try {
            if (!released.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("held in event " + eventType + " longer than " + bound);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void awaitReached() throws InterruptedException {
        if (!reached.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("event " + eventType + " of " + bundle.getSymbolicName() + " never came on "
                    + "the expected thread");
        }
    }

    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
        try {
            context.removeBundleListener(this);
        } catch (IllegalStateException stopped) {
            // the framework went first
        }
    }
}
