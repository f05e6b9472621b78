package io.patchbay.framework.spi;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * Registered by the runtime in the container: lets a bundle that is about to stop another one (the license gate
 * disabling a feature) do it without cutting off the host's calls in the middle. Calls through the host's service
 * access points ({@code Patchbay.service(...)}) are counted per providing bundle.
 */
@ProviderType
public interface CallDrain {

    /**
     * Holds {@code bundle}'s services back from new access-point calls (they wait, bounded, for another provider, as
     * during a swap) and waits up to {@code timeout} for the calls already inside them to return. The hold lasts until
     * {@link #release}; stop the bundle in between.
     *
     * @param bundle  the bundle whose services are held back
     * @param timeout how long to wait at most for the calls in flight
     * @return true when no call was in flight any more; false when the timeout passed first
     * @throws InterruptedException when the waiting thread is interrupted; the hold stays until {@link #release}
     */
    boolean drain(Bundle bundle, Duration timeout) throws InterruptedException;

    /**
     * Ends the hold {@link #drain} put on {@code bundle}'s services.
     *
     * @param bundle the bundle passed to {@link #drain}
     */
    void release(Bundle bundle);
}
