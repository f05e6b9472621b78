package io.patchbay.framework.impl.container;

import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.impl.feature.FeatureGuard;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The OSGi operations the swap and the restore share. A patch-managed bundle lives at location
 * {@code patchbay:<symbolicName>}, so the location alone says which bundles Patchbay owns.
 *
 * <p>Content goes in only as a {@link VerifiedBundle}, which only the publisher gate creates: whatever the path
 * (a swap, a rollback, crash recovery, start-up reconciliation, initial bundles), nothing unverified is installed.
 * Each revision installed here is handed to {@code admit} (the resolver-hook gate). Every operation that runs bundle
 * code is bounded by {@link BoundedOperations}. Every start Patchbay makes asks the {@link FeatureGuard} first: a bundle
 * needing features no feature gate permits is held back, not started, on every path.
 */
public final class Container {
    public static final String LOCATION_PREFIX = "patchbay:";

    private final BundleContext context;
    private final Consumer<Bundle> admit;
    private final BoundedOperations operations;
    private final FeatureGuard features;

    public Container(BundleContext context, Consumer<Bundle> admit, BoundedOperations operations, FeatureGuard features) {
        this.context = context;
        this.admit = admit;
        this.operations = operations;
        this.features = features;
    }

    public FeatureGuard features() {
        return features;
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

    public Bundle install(VerifiedBundle verified) throws BundleException {
        Bundle bundle = context.installBundle(location(verified.symbolicName()), new ByteArrayInputStream(verified.bytes()));
        admit.accept(bundle);
        return bundle;
    }

    /** Replaces the bundle's content; {@link #stopTransient stop} it first so the update does not restart it on old wiring. */
    public void update(Bundle bundle, VerifiedBundle verified) throws BundleException {
        operations.run("update", bundle, () -> {
            bundle.update(new ByteArrayInputStream(verified.bytes()));
            return null;
        });
        admit.accept(bundle);
    }

    public void uninstall(Bundle bundle) throws BundleException {
        operations.run("uninstall", bundle, () -> {
            bundle.uninstall();
            return null;
        });
    }

    /**
     * Admits the bundle's current revision when the container holds exactly {@code verified}'s content for it.
     *
     * @return false when the content differs (a torn cache write, tampering, or a different version)
     */
    public boolean admitIfHolds(Bundle bundle, VerifiedBundle verified) throws IOException {
        if (!InstalledContent.matches(bundle, verified.bytes())) {
            return false;
        }
        admit.accept(bundle);
        return true;
    }

    /** Whether the bundle's current revision has exactly {@code verified}'s content. */
    public boolean holds(Bundle bundle, VerifiedBundle verified) throws IOException {
        return InstalledContent.matches(bundle, verified.bytes());
    }

    /** Stops without touching the persistent autostart setting, so a crash mid-swap still restarts the bundle. */
    public void stopTransient(Bundle bundle) throws BundleException {
        if (!BundleStates.isFragment(bundle) && (bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
            operations.run("stop", bundle, () -> {
                bundle.stop(Bundle.STOP_TRANSIENT);
                return null;
            });
        }
    }

    /**
     * Starts persistently (so the bundle starts again after a restart), unless the feature guard holds it back;
     * fragments are left alone.
     *
     * @return why the bundle was held back (not started), or null
     */
    public String start(Bundle bundle) throws BundleException {
        if (BundleStates.isFragment(bundle)) {
            return null;
        }
        String held = features.holdReason(bundle);
        if (held != null) {
            return held;
        }
        operations.run("start", bundle, () -> {
            bundle.start();
            return null;
        });
        return null;
    }

    /** Whether an earlier operation on the bundle is still stuck in its code. */
    public boolean busy(Bundle bundle) {
        return operations.busy(bundle);
    }

    /**
     * Refreshes {@code bundles} and whatever depends on them (the framework computes that closure), and waits,
     * bounded, for {@link FrameworkEvent#PACKAGES_REFRESHED}. The refresh stops and starts dependants, which runs
     * their code on the framework's own thread; the bound is the operation timeout.
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
            if (!done.await(operations.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new PatchbayException("refreshing " + names(bundles) + " did not finish within "
                        + operations.timeout() + " (bundle code hangs in a stop or start)");
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
}
