package io.patchbay.server.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The push channel's "check now" for one enrolled client, so a change (a revocation, say) reaches it before its
 * next scheduled check-in. Best effort and carries nothing: the client learns what changed by asking.
 */
@ProviderType
@FunctionalInterface
public interface ClientNotifier {

    /** A server without a push channel: nothing is sent. */
    ClientNotifier NONE = clientId -> false;

    /**
     * Queues a wake-up; returns at once (delivery is asynchronous and not confirmed).
     *
     * @param clientId the enrolled client's id
     * @return true if a wake-up was queued for {@code clientId}; false when there is no push channel or no such
     *         client
     */
    boolean notifyClient(String clientId);
}
