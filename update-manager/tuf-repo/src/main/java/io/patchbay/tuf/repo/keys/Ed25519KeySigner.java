package io.patchbay.tuf.repo.keys;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.impl.crypto.Hex;
import io.patchbay.tuf.impl.crypto.Pem;
import io.patchbay.tuf.impl.crypto.Schemes;
import io.patchbay.tuf.repo.TufSigner;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

final class Ed25519KeySigner extends PrivateKeySigner {

    Ed25519KeySigner(Ed25519PrivateKeyParameters privateKey) {
        super(privateKey, TufKey.of(Schemes.ED25519, Schemes.ED25519,
                Hex.encode(privateKey.generatePublicKey().getEncoded())));
    }

    @Override
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey());
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }
}
