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

    /**
     * @param pushKey the server's push key; its public key must be listed in the signed root, or clients
     *                refuse every push ({@link PushRefusal#UNKNOWN_KEY})
     * @param random  the source of HPKE's ephemeral keys
     * @throws NullPointerException if an argument is null
     */
    public PushSealer(SigningKeyPair pushKey, SecureRandom random) {
        this.pushKey = Objects.requireNonNull(pushKey, "pushKey");
        this.random = Objects.requireNonNull(random, "random");
        this.keyId = PushKeyIds.of(pushKey.publicKey());
    }

    /**
     * Signs then seals one push for one client.
     *
     * @param message   the push; its audience should be the recipient's client id, or the client refuses it
     * @param recipient the client's sealing public key
     * @return the sealed push, at most {@link PushFormat#MAX_SEALED_BYTES} bytes
     * @throws NullPointerException if an argument is null
     */
    public byte[] seal(PushMessage message, SealingPublicKey recipient) {
        return seal(message, prepare(recipient));
    }

    /**
     * The recipient-only part of a seal, done ahead of time (see {@link SealedBox#prepare}).
     *
     * @param recipient the client's sealing key
     * @return a single-use prepared seal for {@link #seal(PushMessage, SealedBox.Prepared)}
     */
    public SealedBox.Prepared prepare(SealingPublicKey recipient) {
        return SealedBox.prepare(recipient, PushFormat.HPKE_INFO, random);
    }

    /**
     * Signs {@code message} and seals it with {@code prepared}, which must have been made for the message's
     * audience's key by {@link #prepare} and not used before.
     *
     * @param message  the push; its audience must be the client {@code prepared} was made for
     * @param prepared what {@link #prepare} made for that client; used up by this call
     * @return the sealed push, at most {@link PushFormat#MAX_SEALED_BYTES} bytes
     * @throws IllegalStateException when {@code prepared} was used before
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
