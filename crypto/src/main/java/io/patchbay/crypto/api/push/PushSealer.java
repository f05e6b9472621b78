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
        return seal(message, prepare(recipient));
    }

    /** The recipient-only part of a seal, done ahead of time (see {@link SealedBox#prepare}); single-use. */
    public SealedBox.Prepared prepare(SealingPublicKey recipient) {
        return SealedBox.prepare(recipient, PushFormat.HPKE_INFO, random);
    }

    /**
     * Signs {@code message} and seals it with {@code prepared}, which must have been made for the message's
     * audience's key by {@link #prepare} and not used before.
     */
    public byte[] seal(PushMessage message, SealedBox.Prepared prepared) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(prepared, "prepared");
        byte[] body = PushFormat.body(message);
        byte[] signature = pushKey.sign(PushFormat.signedBytes(body));
        byte[] inner = ByteBuffer.allocate(body.length + keyId.length + signature.length)
                .put(body).put(keyId).put(signature).array();
        return prepared.seal(PushFormat.AAD, inner);
    }
}
