package io.patchbay.crypto.api;

import static io.patchbay.crypto.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealingKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void rfc7748VectorAgrees() {
        // RFC 7748, section 6.1.
        SealingKeyPair alice = SealingKeyPair.fromPkcs8(KeyCodec.pkcs8(KeyCodec.Kind.X25519,
                bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")));
        SealingKeyPair bob = SealingKeyPair.fromPkcs8(KeyCodec.pkcs8(KeyCodec.Kind.X25519,
                bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")));
        assertArrayEquals(bytes("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), alice.publicKey().raw());
        assertArrayEquals(bytes("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bob.publicKey().raw());
        byte[] shared = bytes("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(shared, alice.agree(bob.publicKey()));
        assertArrayEquals(shared, bob.agree(alice.publicKey()));
    }

    @Test
    void generatedKeysAgreeAndRoundTrip() {
        SealingKeyPair a = SealingKeyPair.generate(RANDOM);
        SealingKeyPair b = SealingKeyPair.generate(RANDOM);
        assertArrayEquals(a.agree(b.publicKey()), b.agree(a.publicKey()));
        SealingKeyPair back = SealingKeyPair.fromPem(a.toPem());
        assertEquals(a.publicKey(), back.publicKey());
        assertArrayEquals(a.agree(b.publicKey()), back.agree(b.publicKey()));
        SealingPublicKey key = a.publicKey();
        assertEquals(key, SealingPublicKey.fromBase64Url(key.base64Url()));
        assertEquals(key, SealingPublicKey.fromPem(key.toPem()));
        assertEquals(key, SealingPublicKey.fromSpki(key.spki()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0000000000000000000000000000000000000000000000000000000000000000", // u = 0
        "0100000000000000000000000000000000000000000000000000000000000000", // u = 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p - 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p (non-canonical 0)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p + 1 (non-canonical 1)
        "0900000000000000000000000000000000000000000000000000000000000080", // top bit set (9 + 2^255)
    })
    void smallOrderAndNonCanonicalKeysAreRefused(String hex) {
        assertThrows(KeyEncodingException.class, () -> SealingPublicKey.fromRaw(bytes(hex)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33})
    void wrongLengthsAreRefused(int length) {
        assertThrows(KeyEncodingException.class, () -> SealingPublicKey.fromRaw(new byte[length]));
    }

    @Test
    void anEd25519KeyIsNotASealingKey() {
        SigningPublicKey ed = SigningKeyPair.generate(RANDOM).publicKey();
        assertThrows(KeyEncodingException.class, () -> SealingPublicKey.fromSpki(ed.spki()));
        assertThrows(KeyEncodingException.class, () -> SealingKeyPair.fromPkcs8(SigningKeyPair.generate(RANDOM).pkcs8()));
    }
}
