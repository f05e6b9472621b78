package io.patchbay.framework.api;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.BundleContext;

/**
 * An embedded Patchbay runtime: one Felix container whose bundles are kept at a committed patch level
 * and changed only through signed, transactional patches.
 *
 * <p>Obtain one from {@link #builder()}. All methods are thread-safe; swaps are serialised.
 */
@ProviderType
public interface Patchbay extends AutoCloseable {

    /**
     * Starts configuring a runtime.
     *
     * @return a builder with the defaults; set at least the data directory
     */
    static PatchbayBuilder builder() {
        return new PatchbayBuilder();
    }

    /**
     * Moves a data directory's local state (journal, store, history, container cache) aside into a new
     * {@code reset-<time>} folder inside it, so that the next start begins afresh from the initial bundles. Nothing is
     * deleted. This is the explicit way out when a start refuses a data directory whose state is missing or damaged
     * ({@link LocalStateException}); no runtime may be running on the directory.
     *
     * @param dataDirectory the data directory of a stopped runtime
     * @return the folder the state was moved to
     */
    static java.nio.file.Path resetLocalState(java.nio.file.Path dataDirectory) {
        return PatchbayFactory.get().resetLocalState(dataDirectory);
    }

    /**
     * Applies a patch as one transaction: verify, stage, journal, apply, start, health gate, commit.
     * Never throws for a bad or failing patch: the result says what happened, and on any failure every
     * bundle is back at its last committed version.
     *
     * @param patch the bundles to swap in, all or nothing
     * @return the outcome, its cause, the step timings and the levels before and after
     */
    SwapResult apply(Patch patch);

    /**
     * The committed patch level; never a half-applied one. While a failed rollback is being retried it says so
     * ({@link PatchLevel#running()} is false).
     *
     * @return the committed level
     */
    PatchLevel patchLevel();

    /**
     * The runtime as a service (the same one bundles find in the container): asynchronous submit, the committed
     * level and the persistent swap history.
     *
     * @return the patch service
     */
    PatchService patches();

    /**
     * A service access point for {@code type}: calls wait (bounded) for a replacement while the
     * providing bundle is being swapped, instead of failing.
     *
     * @param <T>  the service type
     * @param type the service interface, on the host's class path and exported into the container
     * @return the access point; keep it, it is cheap to call
     */
    <T> ServiceAccess<T> service(Class<T> type);

    /**
     * Tells {@code listener} about every step of every swap from now on.
     *
     * @param listener called on the swapping thread; keep it quick
     */
    void addListener(SwapListener listener);

    /**
     * Stops telling {@code listener} about swaps.
     *
     * @param listener a listener added before
     */
    void removeListener(SwapListener listener);

    /**
     * The system bundle's context, for hosts that need plain OSGi access.
     *
     * @return the container's system bundle context
     */
    BundleContext bundleContext();

    /** Stops the container cleanly. Idempotent. */
    void stop();

    /** Stops the runtime, as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
