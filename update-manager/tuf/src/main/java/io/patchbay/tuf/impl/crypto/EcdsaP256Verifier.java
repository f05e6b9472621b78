package io.patchbay.tuf.impl.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/** ECDSA over NIST P-256 with SHA-256; signatures DER-encoded, as securesystemslib writes them. */
final class EcdsaP256Verifier implements KeyVerifiers.SignatureVerifier {

    private final ECPublicKeyParameters publicKey;

    EcdsaP256Verifier(String pem) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(Pem.decode(Pem.PUBLIC_KEY, pem));
            if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())
                    || !SECObjectIdentifiers.secp256r1.equals(info.getAlgorithm().getParameters())) {
                throw new IllegalArgumentException("not a named-curve P-256 public key");
            }
            this.publicKey = (ECPublicKeyParameters) PublicKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("bad ecdsa-sha2-nistp256 public key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        BigInteger[] rs = decodeStrictDer(signature);
        if (rs == null) {
            return false;
        }
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, publicKey);
        return signer.verifySignature(hash, rs[0], rs[1]);
    }

    /** Only the unique DER form is accepted, so a signature cannot be re-encoded into a "new" valid one. */
    private static BigInteger[] decodeStrictDer(byte[] signature) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
            if (sequence.size() != 2) {
                return null;
            }
            BigInteger r = ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
            if (!Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), signature)) {
                return null;
            }
            return new BigInteger[] {r, s};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
