package io.patchbay.server.impl.device;

import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.request.ClientKeyDirectory;
import io.patchbay.crypto.api.request.ClientKeys;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.StoreException;
import java.util.Objects;
import java.util.Optional;

/**
 * The verifier's view of the clients table: the current signing key, the previous one while its rotation
 * overlap lasts, and revoked clients as revoked (no usable key).
 */
final class StoreKeyDirectory implements ClientKeyDirectory {

    /** A storage failure carried through the verifier, whose interface has no checked exceptions. */
    static final class LookupFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupFailed(StoreException cause) {
            super(cause);
        }

        StoreException storeException() {
            return (StoreException) getCause();
        }
    }

    private final Clients clients;

    StoreKeyDirectory(Clients clients) {
        this.clients = Objects.requireNonNull(clients);
    }

    @Override
    public Optional<ClientKeys> find(String clientId) {
        Optional<ClientRecord> found;
        try {
            found = clients.find(clientId);
        } catch (StoreException e) {
            throw new LookupFailed(e);
        }
        return found.map(StoreKeyDirectory::keysOf);
    }

    private static ClientKeys keysOf(ClientRecord client) {
        if (client.revoked()) {
            return ClientKeys.revokedKeys();
        }
        SigningPublicKey current = SigningPublicKey.fromRaw(client.signingKey());
        if (client.previousSigningKey() != null && client.previousKeyValidUntil() != null) {
            return ClientKeys.rotating(current, SigningPublicKey.fromRaw(client.previousSigningKey()),
                    client.previousKeyValidUntil());
        }
        return ClientKeys.of(current);
    }
}
