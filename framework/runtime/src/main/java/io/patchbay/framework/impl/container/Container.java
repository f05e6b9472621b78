package io.patchbay.framework.impl.container;

import io.patchbay.framework.api.PatchbayException;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The OSGi operations the swap and the recovery share. A patch-managed bundle lives at location
 * {@code patchbay:<symbolicName>}, so the location alone says which bundles Patchbay owns; every revision
 * installed here is handed to {@code admit} (the resolver-hook gate), because its bytes were verified or come from
 * the hash-checked store.
 */
public final class Container {
    public static final String LOCATION_PREFIX = "patchbay:";

    private final BundleContext context;
    private final Consumer<Bundle> admit;
    private final Duration refreshTimeout;

    public Container(BundleContext context, Consumer<Bundle> admit, Duration refreshTimeout) {
        this.context = context;
        this.admit = admit;
        this.refreshTimeout = refreshTimeout;
    }

    public static String location(String symbolicName) {
        return LOCATION_PREFIX + symbolicName;
    }

    public BundleContext context() {
        return context;
    }

    public Optional<Bundle> find(String symbolicName) {
        return Optional.ofNullable(context.getBundle(location(symbolicName)));
    }

    /** Every bundle Patchbay manages, by location. */
    public List<Bundle> managed() {
        List<Bundle> managed = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION_PREFIX)) {
                managed.add(bundle);
            }
        }
        return managed;
    }

    public static String symbolicNameOf(Bundle managed) {
        return managed.getLocation().substring(LOCATION_PREFIX.length());
    }

    public Bundle install(String symbolicName, byte[] bytes) throws BundleException {
        Bundle bundle = context.installBundle(location(symbolicName), new ByteArrayInputStream(bytes));
        admit.accept(bundle);
        return bundle;
    }

    /** Replaces the bundle's content; it must be stopped first so that the update does not restart it on old wiring. */
    public void update(Bundle bundle, byte[] bytes) throws BundleException {
        bundle.update(new ByteArrayInputStream(bytes));
        admit.accept(bundle);
    }

    public void admitCurrent(Bundle bundle) {
        admit.accept(bundle);
    }

    public static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** Stops without touching the persistent autostart setting, so a crash mid-swap still restarts the bundle. */
    public static void stopTransient(Bundle bundle) throws BundleException {
        if (!isFragment(bundle) && (bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
            bundle.stop(Bundle.STOP_TRANSIENT);
        }
    }

    public static void start(Bundle bundle) throws BundleException {
        if (!isFragment(bundle)) {
            bundle.start();
        }
    }

    /**
     * Refreshes {@code bundles} and whatever depends on them (the framework computes that closure), and waits,
     * bounded, for {@link FrameworkEvent#PACKAGES_REFRESHED}.
     */
    public void refresh(Collection<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return;
        }
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.copyOf(bundles), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(refreshTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PatchbayException("refreshing " + names(bundles) + " did not finish within " + refreshTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PatchbayException("interrupted while refreshing " + names(bundles), e);
        }
    }

    private static String names(Collection<Bundle> bundles) {
        List<String> names = new ArrayList<>();
        bundles.forEach(b -> names.add(String.valueOf(b.getSymbolicName())));
        return String.join(", ", names);
    }

    public static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "state " + state;
        }
    }
}
