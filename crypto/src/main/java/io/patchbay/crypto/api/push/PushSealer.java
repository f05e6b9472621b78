package io.patchbay.crypto.api.push;

import io.patchbay.crypto.api.SealedBox;
import io.patchbay.crypto.api.SealingPublicKey;
import io.patchbay.crypto.api.SigningKeyPair;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;

/** The server side: signs a push with the push key, then seals it to one client. Thread-safe. */
public final class PushSealer {

    private final SigningKeyPair pushKey;
    private final byte[] keyId;
    private final SecureRandom random;

    public PushSealer(SigningKeyPair pushKey, SecureRandom random) {
        this.pushKey = Objects.requireNonNull(pushKey, "pushKey");
        this.random = Objects.requireNonNull(random, "random");
        this.keyId = PushKeyIds.of(pushKey.publicKey());
    }

    /** @return the sealed push, at most {@link PushFormat#MAX_SEALED_BYTES} bytes */
    public byte[] seal(PushMessage message, SealingPublicKey recipient) {
        Objects.requireNonNull(message, "message");
        byte[] body = PushFormat.body(message);
        byte[] signature = pushKey.sign(PushFormat.signedBytes(body));
        byte[] inner = ByteBuffer.allocate(body.length + keyId.length + signature.length)
                .put(body).put(keyId).put(signature).array();
        return SealedBox.seal(recipient, PushFormat.HPKE_INFO, PushFormat.AAD, inner, random);
    }
}
