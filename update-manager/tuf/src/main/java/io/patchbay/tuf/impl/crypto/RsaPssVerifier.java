package io.patchbay.tuf.impl.crypto;

import java.io.IOException;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.generators.MGF1BytesGenerator;
import org.bouncycastle.crypto.params.MGFParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * RSASSA-PSS with SHA-256 and MGF1-SHA-256. securesystemslib signs with salt length = digest length but
 * verifies with {@code PSS.AUTO} (any salt length), so this verifier first recovers the salt length from
 * the encoded message and then lets Bouncy Castle's PSSSigner do the complete check with it.
 */
final class RsaPssVerifier implements KeyVerifiers.SignatureVerifier {

    /** Keys below 2048 bits are refused: they count for nothing toward any threshold. */
    static final int MIN_MODULUS_BITS = 2048;
    private static final int HASH_LEN = 32;

    private final RSAKeyParameters publicKey;

    RsaPssVerifier(String pem) {
        try {
            Object key = PublicKeyFactory.createKey(Pem.decode(Pem.PUBLIC_KEY, pem));
            if (!(key instanceof RSAKeyParameters rsa) || rsa.isPrivate()) {
                throw new IllegalArgumentException("not an RSA public key");
            }
            if (rsa.getModulus().bitLength() < MIN_MODULUS_BITS) {
                throw new IllegalArgumentException("RSA key of " + rsa.getModulus().bitLength() + " bits is too weak");
            }
            this.publicKey = rsa;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("bad rsassa-pss-sha256 public key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        int saltLength = recoverSaltLength(signature);
        if (saltLength < 0) {
            return false;
        }
        PSSSigner signer = new PSSSigner(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), saltLength);
        signer.init(false, publicKey);
        signer.update(message, 0, message.length);
        return signer.verifySignature(signature);
    }

    /** EMSA-PSS decoding (RFC 8017, 9.1.2) just far enough to find where the salt starts; -1 if malformed. */
    private int recoverSaltLength(byte[] signature) {
        int modulusBits = publicKey.getModulus().bitLength();
        int modulusBytes = (modulusBits + 7) / 8;
        if (signature.length != modulusBytes) {
            return -1;
        }
        int emBits = modulusBits - 1;
        int emLen = (emBits + 7) / 8;
        byte[] em;
        try {
            AsymmetricBlockCipher rsa = new RSAEngine();
            rsa.init(false, publicKey);
            byte[] m = rsa.processBlock(signature, 0, signature.length);
            if (m.length > emLen) {
                return -1;
            }
            em = new byte[emLen];
            System.arraycopy(m, 0, em, emLen - m.length, m.length);
        } catch (RuntimeException | org.bouncycastle.crypto.InvalidCipherTextException e) {
            return -1;
        }
        if (emLen < HASH_LEN + 2 || (em[emLen - 1] & 0xff) != 0xbc) {
            return -1;
        }
        int dbLen = emLen - HASH_LEN - 1;
        MGF1BytesGenerator mgf = new MGF1BytesGenerator(new SHA256Digest());
        byte[] seed = new byte[HASH_LEN];
        System.arraycopy(em, dbLen, seed, 0, HASH_LEN);
        mgf.init(new MGFParameters(seed));
        byte[] db = new byte[dbLen];
        mgf.generateBytes(db, 0, dbLen);
        for (int i = 0; i < dbLen; i++) {
            db[i] ^= em[i];
        }
        db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
        for (int i = 0; i < dbLen; i++) {
            if (db[i] == 0x01) {
                return dbLen - i - 1;
            }
            if (db[i] != 0) {
                return -1;
            }
        }
        return -1;
    }
}
