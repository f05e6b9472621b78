package io.patchbay.tuf.repo.keys;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.impl.crypto.Hex;
import io.patchbay.tuf.impl.crypto.Pem;
import io.patchbay.tuf.impl.crypto.Schemes;
import io.patchbay.tuf.repo.TufSigner;
import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/** RSASSA-PSS / SHA-256 / MGF1-SHA-256 with salt length = digest length, as securesystemslib signs. */
final class RsaPssKeySigner extends PrivateKeySigner {

    private static final int SALT_LENGTH = 32;
    private final SecureRandom random = new SecureRandom();

    RsaPssKeySigner(RSAPrivateCrtKeyParameters privateKey) {
        super(privateKey, TufKey.of(Schemes.RSA, Schemes.RSA_PSS_SHA256, publicPem(privateKey)));
    }

    private static String publicPem(RSAPrivateCrtKeyParameters privateKey) {
        RSAKeyParameters publicKey = new RSAKeyParameters(false, privateKey.getModulus(), privateKey.getPublicExponent());
        try {
            return Pem.encode(Pem.PUBLIC_KEY,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode RSA public key", e);
        }
    }

    @Override
    public byte[] sign(byte[] message) {
        PSSSigner signer = new PSSSigner(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), SALT_LENGTH);
        signer.init(true, new ParametersWithRandom(privateKey(), random));
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("RSA-PSS signing failed", e);
        }
    }
}
