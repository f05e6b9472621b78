package io.patchbay.agent.impl.identity;

import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import java.util.Objects;

/** This device's keys and, once enrolled, the client id the server gave it. */
public record ClientIdentity(SigningKeyPair signing, SealingKeyPair sealing, String clientId) {

    public ClientIdentity {
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(sealing, "sealing");
    }

    public boolean enrolled() {
        return clientId != null;
    }

    public ClientIdentity withClientId(String id) {
        return new ClientIdentity(signing, sealing, id);
    }
}
