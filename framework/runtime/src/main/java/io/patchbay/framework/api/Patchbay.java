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

    static PatchbayBuilder builder() {
        return new PatchbayBuilder();
    }

    /**
     * Applies a patch as one transaction: verify, stage, journal, apply, start, health gate, commit.
     * Never throws for a bad or failing patch: the result says what happened, and on any failure every
     * bundle is back at its last committed version.
     */
    SwapResult apply(Patch patch);

    /** The committed patch level; never a half-applied one. */
    PatchLevel patchLevel();

    /**
     * A service access point for {@code type}: calls wait (bounded) for a replacement while the
     * providing bundle is being swapped, instead of failing.
     */
    <T> ServiceAccess<T> service(Class<T> type);

    void addListener(SwapListener listener);

    void removeListener(SwapListener listener);

    /** The system bundle's context, for hosts that need plain OSGi access. */
    BundleContext bundleContext();

    /** Stops the container cleanly. Idempotent. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
