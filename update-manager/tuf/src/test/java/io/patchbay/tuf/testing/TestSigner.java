package io.patchbay.tuf.testing;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.Signature;
import io.patchbay.tuf.api.TufKey;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.HexFormat;

/**
 * A throwaway signing key for client tests, made with the JDK's own providers: the client artifact has no
 * signing code, and its tests must not need the repository tooling to produce signed metadata.
 */
public final class TestSigner {

    private final PrivateKey privateKey;
    private final String jcaAlgorithm;
    private final AlgorithmParameterSpec parameters;
    private final TufKey publicKey;
    private final String keyId;

    TestSigner(PrivateKey privateKey, String jcaAlgorithm, AlgorithmParameterSpec parameters, TufKey publicKey) {
        this.privateKey = privateKey;
        this.jcaAlgorithm = jcaAlgorithm;
        this.parameters = parameters;
        this.publicKey = publicKey;
        this.keyId = publicKey.keyId();
    }

    public String keyId() {
        return keyId;
    }

    public TufKey publicKey() {
        return publicKey;
    }

    /** The JDK private key, for tests that sign with other parameters (e.g. RSA-PSS salt lengths). */
    public PrivateKey privateKey() {
        return privateKey;
    }

    public byte[] sign(byte[] message) {
        try {
            java.security.Signature signature = java.security.Signature.getInstance(jcaAlgorithm);
            if (parameters != null) {
                signature.setParameter(parameters);
            }
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs (or re-signs) {@code metadata}, replacing an earlier signature by this key id. */
    public Signature signMetadata(Metadata metadata) {
        Signature signature = new Signature(keyId, HexFormat.of().formatHex(sign(metadata.signedCanonicalBytes())));
        metadata.removeSignature(keyId);
        metadata.addSignature(signature);
        return signature;
    }

    @Override
    public String toString() {
        return "TestSigner[" + publicKey.scheme() + " " + keyId + "]";
    }
}
