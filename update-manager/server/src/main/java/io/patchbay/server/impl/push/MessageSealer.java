package io.patchbay.server.impl.push;

import io.patchbay.crypto.api.SealedBox;
import io.patchbay.server.impl.store.PushBatches.Batch;

/** Seals one push message for one client; thread-safe. */
public interface MessageSealer {
    /**
     * @param prepared what {@link #prepare} made for this client ahead of time, or null to do all of it now; used
     *                 only if it was made for {@code sealingKey}
     * @return the sealed message (signed by the active push key, sealed to {@code sealingKey}), counter = batch id
     * @throws IllegalStateException when no push key is usable (nothing can be sent)
     */
    byte[] seal(Batch batch, String clientId, byte[] sealingKey, SealedBox.Prepared prepared);

    /**
     * The part of a seal that depends on the recipient only (its key agreement: most of the cost), done while the
     * node is idle so that a push to many clients is mostly signing; null when nothing can be sealed now.
     */
    SealedBox.Prepared prepare(byte[] sealingKey);
}
