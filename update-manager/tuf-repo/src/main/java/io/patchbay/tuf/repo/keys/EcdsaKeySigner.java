package io.patchbay.tuf.repo.keys;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.impl.crypto.Hex;
import io.patchbay.tuf.impl.crypto.Pem;
import io.patchbay.tuf.impl.crypto.Schemes;
import io.patchbay.tuf.repo.TufSigner;
import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/** ECDSA P-256 / SHA-256 with deterministic nonces (RFC 6979); DER signatures like securesystemslib. */
final class EcdsaKeySigner extends PrivateKeySigner {

    EcdsaKeySigner(ECPrivateKeyParameters privateKey) {
        super(privateKey, TufKey.of(Schemes.ECDSA, Schemes.ECDSA_P256, publicPem(privateKey)));
    }

    private static String publicPem(ECPrivateKeyParameters privateKey) {
        ECPublicKeyParameters publicKey = new ECPublicKeyParameters(
                privateKey.getParameters().getG().multiply(privateKey.getD()).normalize(), privateKey.getParameters());
        try {
            return Pem.encode(Pem.PUBLIC_KEY,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode EC public key", e);
        }
    }

    @Override
    public byte[] sign(byte[] message) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, privateKey());
        BigInteger[] rs = signer.generateSignature(hash);
        ASN1EncodableVector vector = new ASN1EncodableVector(2);
        vector.add(new ASN1Integer(rs[0]));
        vector.add(new ASN1Integer(rs[1]));
        try {
            return new DERSequence(vector).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode signature", e);
        }
    }
}
