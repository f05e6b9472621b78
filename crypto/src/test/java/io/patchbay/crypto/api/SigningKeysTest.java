package io.patchbay.crypto.api;

import static io.patchbay.crypto.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    // RFC 8032, section 7.1, TEST 1.
    private static final byte[] RFC_SECRET = bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] RFC_PUBLIC = bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] RFC_SIGNATURE = bytes("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    private final byte[] message = "patch me".getBytes(StandardCharsets.UTF_8);

    @Test
    void bouncyCastleSignaturesAreByteForByteTheJdksAndVerify() {
        java.util.Random sizes = new java.util.Random(8032);
        for (int i = 0; i < 40; i++) {
            SigningKeyPair key = SigningKeyPair.generate(new SecureRandom());
            byte[] message = new byte[sizes.nextInt(300)];
            sizes.nextBytes(message);
            byte[] signature = key.sign(message);
            assertArrayEquals(key.signWithJdk(message), signature, "Ed25519 is deterministic: one signature per message");
            assertTrue(key.publicKey().verify(message, signature));
        }
    }

    @Test
    void rfc8032VectorSignsAndDerivesThePublicKey() {
        SigningKeyPair pair = SigningKeyPair.fromPkcs8(KeyCodec.pkcs8(KeyCodec.Kind.ED25519, RFC_SECRET));
        assertArrayEquals(RFC_PUBLIC, pair.publicKey().raw());
        assertArrayEquals(RFC_SIGNATURE, pair.sign(new byte[0]));
        assertTrue(SigningPublicKey.fromRaw(RFC_PUBLIC).verify(new byte[0], RFC_SIGNATURE));
    }

    @Test
    void generatedKeysSignAndVerify() {
        SigningKeyPair pair = SigningKeyPair.generate(RANDOM);
        byte[] signature = pair.sign(message);
        assertEquals(64, signature.length);
        assertTrue(pair.publicKey().verify(message, signature));
        assertFalse(pair.publicKey().verify("patch mf".getBytes(StandardCharsets.UTF_8), signature));
        assertFalse(SigningKeyPair.generate(RANDOM).publicKey().verify(message, signature), "another key");
        assertNotEquals(pair.publicKey(), SigningKeyPair.generate(RANDOM).publicKey());
    }

    @Test
    void everyFlippedBitOfTheSignatureIsRefused() {
        SigningKeyPair pair = SigningKeyPair.generate(RANDOM);
        byte[] signature = pair.sign(message);
        for (int bit = 0; bit < 512; bit++) {
            byte[] forged = signature.clone();
            forged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(pair.publicKey().verify(message, forged), "bit " + bit);
        }
    }

    @Test
    void malleatedSignatureWithSPlusOrderIsRefused() {
        SigningKeyPair pair = SigningKeyPair.generate(RANDOM);
        byte[] signature = pair.sign(message);
        BigInteger s = littleEndian(Arrays.copyOfRange(signature, 32, 64));
        byte[] twin = signature.clone();
        System.arraycopy(toLittleEndian(s.add(L)), 0, twin, 32, 32); // S + L still fits in 256 bits
        assertFalse(pair.publicKey().verify(message, twin));
    }

    @Test
    void wrongLengthAndNullSignaturesAreRefused() {
        SigningKeyPair pair = SigningKeyPair.generate(RANDOM);
        byte[] signature = pair.sign(message);
        assertFalse(pair.publicKey().verify(message, Arrays.copyOf(signature, 63)));
        assertFalse(pair.publicKey().verify(message, Arrays.copyOf(signature, 65)));
        assertFalse(pair.publicKey().verify(message, new byte[0]));
        assertFalse(pair.publicKey().verify(message, null));
        assertFalse(pair.publicKey().verify(message, new byte[64]));
    }

    @Test
    void publicKeyEncodingsRoundTrip() {
        SigningPublicKey key = SigningKeyPair.generate(RANDOM).publicKey();
        assertEquals(key, SigningPublicKey.fromRaw(key.raw()));
        assertEquals(43, key.base64Url().length());
        assertEquals(key, SigningPublicKey.fromBase64Url(key.base64Url()));
        assertEquals(key, SigningPublicKey.fromSpki(key.spki()));
        assertEquals(key, SigningPublicKey.fromPem(key.toPem()));
        assertTrue(key.toPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }

    @Test
    void privateKeyPemRoundTripsAndToStringHidesIt() {
        SigningKeyPair pair = SigningKeyPair.generate(RANDOM);
        SigningKeyPair back = SigningKeyPair.fromPem(pair.toPem());
        assertEquals(pair.publicKey(), back.publicKey());
        assertArrayEquals(pair.sign(message), back.sign(message));
        assertFalse(pair.toString().contains(Base64.getEncoder().encodeToString(pair.pkcs8())));
        assertTrue(pair.toString().contains(pair.publicKey().base64Url()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 33, 64})
    void wrongKeyLengthsAreRefused(int length) {
        assertThrows(KeyEncodingException.class, () -> SigningPublicKey.fromRaw(new byte[length]));
        assertThrows(KeyEncodingException.class,
                () -> SigningKeyPair.fromPkcs8(Arrays.copyOf(KeyCodec.pkcs8(KeyCodec.Kind.ED25519, RFC_SECRET), 16 + length)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0100000000000000000000000000000000000000000000000000000000000000", // identity (order 1)
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = -1 (order 2)
        "0000000000000000000000000000000000000000000000000000000000000000", // y = 0 (order 4)
        "0000000000000000000000000000000000000000000000000000000000000080", // y = 0, other x (order 4)
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p, non-canonical 0
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1, non-canonical 1
        "0100000000000000000000000000000000000000000000000000000000000080", // x = 0 with the sign bit set
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8 (from the small-order list)
    })
    void nonCanonicalAndSmallOrderKeysAreRefused(String hex) {
        assertThrows(KeyEncodingException.class, () -> SigningPublicKey.fromRaw(bytes(hex)));
    }

    @Test
    void aKeyOffTheCurveIsRefused() {
        // The first y whose x^2 = (y^2 - 1) / (d y^2 + 1) has no square root: no curve point has it.
        BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
        BigInteger y = BigInteger.TWO;
        while (true) {
            BigInteger y2 = y.multiply(y).mod(P);
            BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(d.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
            if (x2.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(P.subtract(BigInteger.ONE))) {
                break;
            }
            y = y.add(BigInteger.ONE);
        }
        byte[] encoded = toLittleEndian(y);
        KeyEncodingException e = assertThrows(KeyEncodingException.class, () -> SigningPublicKey.fromRaw(encoded));
        assertTrue(e.getMessage().contains("not on the curve"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not base64!", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=", // padded
        "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo", // standard alphabet
        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp", // unused bits set in the last character
        " 11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR",
    })
    void badBase64UrlIsRefused(String text) {
        assertEquals(SigningPublicKey.fromRaw(RFC_PUBLIC).base64Url(), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        assertThrows(KeyEncodingException.class, () -> SigningPublicKey.fromBase64Url(text));
    }

    @Test
    void otherStructuresAreRefused() {
        SealingPublicKey x25519 = SealingKeyPair.generate(RANDOM).publicKey();
        assertThrows(KeyEncodingException.class, () -> SigningPublicKey.fromSpki(x25519.spki()), "X25519 SPKI");
        assertThrows(KeyEncodingException.class, () -> SigningPublicKey.fromPem(x25519.toPem()));
        SigningKeyPair pair = SigningKeyPair.generate(RANDOM);
        byte[] longer = Arrays.copyOf(pair.publicKey().spki(), 45);
        assertThrows(KeyEncodingException.class, () -> SigningPublicKey.fromSpki(longer), "trailing byte");
        assertThrows(KeyEncodingException.class, () -> SigningPublicKey.fromPem(pair.toPem()), "private PEM as public");
        assertThrows(KeyEncodingException.class, () -> SigningKeyPair.fromPem(pair.publicKey().toPem()));
        assertThrows(KeyEncodingException.class,
                () -> SigningKeyPair.fromPkcs8(SealingKeyPair.generate(RANDOM).pkcs8()), "X25519 PKCS#8");
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] big = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            big[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, big);
    }

    private static byte[] toLittleEndian(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
