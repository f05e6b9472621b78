package io.patchbay.sample.host.impl.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;

/** Waits, within a bound and without polling, for a bundle to reach a state after an action (the gate acts async). */
public final class BundleStates {

    private BundleStates() {
    }

    public static Optional<Bundle> find(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return Optional.of(bundle);
            }
        }
        return Optional.empty();
    }

    public static int state(BundleContext context, String symbolicName) {
        return find(context, symbolicName).map(Bundle::getState).orElse(Bundle.UNINSTALLED);
    }

    /** Runs {@code action}, then waits up to {@code bound} until the bundle's state satisfies {@code wanted}. */
    public static boolean after(BundleContext context, String symbolicName, IntPredicate wanted, Duration bound,
                                Runnable action) throws InterruptedException {
        Bundle bundle = find(context, symbolicName).orElseThrow(() -> new IllegalStateException(
                symbolicName + " is not installed"));
        CountDownLatch reached = new CountDownLatch(1);
        BundleListener listener = event -> {
            if (event.getBundle() == bundle && wanted.test(bundle.getState())) {
                reached.countDown();
            }
        };
        context.addBundleListener(listener);
        try {
            action.run();
            return wanted.test(bundle.getState()) || reached.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            context.removeBundleListener(listener);
        }
    }

    public static String name(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (held: not even resolved)";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
