package io.patchbay.tuf.testing;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.impl.crypto.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

/** Generates test keys for the three TUF schemes, in the key formats securesystemslib writes. */
public final class TestKeys {

    /** RSASSA-PSS as securesystemslib signs: SHA-256, MGF1-SHA-256, salt length = digest length. */
    public static final PSSParameterSpec PSS_SHA256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    private TestKeys() {
    }

    public static TestSigner ed25519() {
        KeyPair pair = generate("Ed25519", null);
        byte[] spki = pair.getPublic().getEncoded();
        // X.509 SubjectPublicKeyInfo of Ed25519 is a fixed 12-byte header and the raw 32-byte key.
        String hex = HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        return new TestSigner(pair.getPrivate(), "Ed25519", null, TufKey.of("ed25519", "ed25519", hex));
    }

    public static TestSigner ecdsaP256() {
        KeyPair pair = generate("EC", 256);
        return new TestSigner(pair.getPrivate(), "SHA256withECDSA", null, TufKey.of("ecdsa", "ecdsa-sha2-nistp256",
                Pem.encode(Pem.PUBLIC_KEY, pair.getPublic().getEncoded())));
    }

    public static TestSigner rsaPss(int bits) {
        KeyPair pair = generate("RSA", bits);
        return new TestSigner(pair.getPrivate(), "RSASSA-PSS", PSS_SHA256, TufKey.of("rsa", "rsassa-pss-sha256",
                Pem.encode(Pem.PUBLIC_KEY, pair.getPublic().getEncoded())));
    }

    /** One key of each scheme, for tests that run the same checks over all three. */
    public record OneOfEach(TestSigner ed25519, TestSigner ecdsa, TestSigner rsa) {
    }

    /** Fresh keys: Ed25519, ECDSA P-256 and 2048-bit RSA-PSS. */
    public static OneOfEach oneOfEach() {
        return new OneOfEach(ed25519(), ecdsaP256(), rsaPss(2048));
    }

    private static KeyPair generate(String algorithm, Integer size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if ("EC".equals(algorithm)) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else if (size != null) {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
