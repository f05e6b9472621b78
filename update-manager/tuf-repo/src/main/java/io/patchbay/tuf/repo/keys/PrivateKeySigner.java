package io.patchbay.tuf.repo.keys;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.impl.crypto.Hex;
import io.patchbay.tuf.impl.crypto.Pem;
import io.patchbay.tuf.impl.crypto.Schemes;
import io.patchbay.tuf.repo.TufSigner;
import io.patchbay.tuf.repo.TufSigner;
import java.io.IOException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/** A signer holding its private key in memory; {@link KeyPairs} can write it as PKCS#8 PEM. */
public abstract class PrivateKeySigner implements TufSigner {

    private final AsymmetricKeyParameter privateKey;
    private final TufKey publicKey;
    private final String keyId;

    PrivateKeySigner(AsymmetricKeyParameter privateKey, TufKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = publicKey.keyId();
    }

    @Override
    public final String keyId() {
        return keyId;
    }

    @Override
    public final TufKey publicKey() {
        return publicKey;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** The PKCS#8 DER encoding of the private key. */
    public byte[] pkcs8() {
        try {
            PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey);
            return info.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode private key", e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + publicKey.scheme() + " " + keyId + "]";
    }
}
