package io.patchbay.server.impl.push;

import io.patchbay.server.impl.store.PushBatches.Batch;

/** Seals one push message for one client; thread-safe. */
@FunctionalInterface
public interface MessageSealer {
    /**
     * @return the sealed message (signed by the active push key, sealed to {@code sealingKey}), counter = batch id
     * @throws IllegalStateException when no push key is usable (nothing can be sent)
     */
    byte[] seal(Batch batch, String clientId, byte[] sealingKey);
}
