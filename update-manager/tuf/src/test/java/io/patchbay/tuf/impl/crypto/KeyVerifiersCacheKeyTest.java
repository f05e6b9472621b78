package io.patchbay.tuf.impl.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The verifier cache is keyed by (key type, scheme, public value), with equals and hashCode written out by
 * hand: a key that differs in any one of them must not find another key's verifier. The private record is
 * reached reflectively, since two distinct keys whose hash codes collide cannot be made on purpose.
 */
class KeyVerifiersCacheKeyTest {

    private static Object cacheKey(String keyType, String scheme, String publicValue) throws Exception {
        Class<?> type = Class.forName(KeyVerifiers.class.getName() + "$CacheKey");
        Constructor<?> constructor = type.getDeclaredConstructor(String.class, String.class, String.class);
        constructor.setAccessible(true);
        return constructor.newInstance(keyType, scheme, publicValue);
    }

    @Test
    void equalOnlyWhenTypeSchemeAndValueAllAreEqual() throws Exception {
        Object key = cacheKey("ecdsa", "ecdsa-sha2-nistp256", "PEM");
        Object same = cacheKey("ecdsa", "ecdsa-sha2-nistp256", "PEM");
        assertEquals(key, same);
        assertEquals(key.hashCode(), same.hashCode());
        assertEquals(key, key);
        assertNotEquals(key, cacheKey("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", "PEM"));
        assertNotEquals(key, cacheKey("ecdsa", "ed25519", "PEM"));
        assertNotEquals(key, cacheKey("ecdsa", "ecdsa-sha2-nistp256", "PEM2"));
        assertNotEquals(key, "ecdsa");
        assertFalse(key.equals(null));
    }

    @Test
    void hashCodesTellDifferentKeysApart() throws Exception {
        Set<Integer> hashes = new HashSet<>();
        String[] values = {"a", "b", "c"};
        for (String type : values) {
            for (String scheme : values) {
                for (String value : values) {
                    hashes.add(cacheKey(type, scheme, value).hashCode());
                }
            }
        }
        assertEquals(27, hashes.size());
    }

    @Test
    void eachKeyVerifiesWithItsOwnVerifier() {
        TestSigner one = TestKeys.ed25519();
        TestSigner two = TestKeys.ed25519();
        byte[] message = "cached".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 2; round++) {
            assertTrue(KeyVerifiers.verify(one.publicKey(), message, one.sign(message)));
            assertFalse(KeyVerifiers.verify(two.publicKey(), message, one.sign(message)));
            assertTrue(KeyVerifiers.verify(two.publicKey(), message, two.sign(message)));
            assertFalse(KeyVerifiers.verify(one.publicKey(), message, two.sign(message)));
        }
    }

    @Test
    void ecdsaIsSupportedUnderBothKeyTypeNames() {
        assertTrue(KeyVerifiers.isSupported("ecdsa", "ecdsa-sha2-nistp256"));
        assertTrue(KeyVerifiers.isSupported("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"));
        assertFalse(KeyVerifiers.isSupported("rsa", "ecdsa-sha2-nistp256"));
        assertFalse(KeyVerifiers.isSupported("ed25519", "ecdsa-sha2-nistp256"));
        assertTrue(KeyVerifiers.isSupported("ed25519", "ed25519"));
        assertFalse(KeyVerifiers.isSupported("ecdsa", "ed25519"));
        assertTrue(KeyVerifiers.isSupported("rsa", "rsassa-pss-sha256"));
        assertFalse(KeyVerifiers.isSupported("ecdsa", "rsassa-pss-sha256"));
        assertFalse(KeyVerifiers.isSupported("ed25519", "unknown"));
    }

    @Test
    void tufKeysAreEqualOnlyWhenEveryPartIsEqual() {
        TufKey key = TufKey.of("ed25519", "ed25519", "00".repeat(32));
        assertEquals(key, TufKey.of("ed25519", "ed25519", "00".repeat(32)));
        assertEquals(key.hashCode(), TufKey.of("ed25519", "ed25519", "00".repeat(32)).hashCode());
        assertNotEquals(key, TufKey.of("ed25519", "ed25519", "01".repeat(32)));
        assertNotEquals(key, TufKey.of("ecdsa", "ed25519", "00".repeat(32)));
        assertNotEquals(key, TufKey.of("ed25519", "ecdsa-sha2-nistp256", "00".repeat(32)));
        assertNotEquals(key.hashCode(), TufKey.of("ed25519", "ed25519", "01".repeat(32)).hashCode());
        assertNotEquals(key, "ed25519");
    }

    @Test
    void aKeyIsParsedOnceAndTheCacheStaysBounded() {
        TufKey key = TestKeys.ed25519().publicKey();
        KeyVerifiers.SignatureVerifier first = KeyVerifiers.verifierFor(key);
        assertTrue(first != null);
        assertTrue(first == KeyVerifiers.verifierFor(TufKey.of(key.keyType(), key.scheme(), new String(key.publicValue()))),
                "an equal key finds the parsed verifier");
        // Keys come from the network: however many distinct keys arrive, at most 512 stay parsed.
        for (int i = 0; i < 520; i++) {
            assertTrue(KeyVerifiers.verifierFor(TestKeys.ed25519().publicKey()) != null);
            assertTrue(KeyVerifiers.cacheSize() <= 512, "cache holds " + KeyVerifiers.cacheSize());
        }
        assertTrue(KeyVerifiers.verifierFor(TufKey.of("ed25519", "ed25519", "00")) == null, "a malformed key verifies nothing");
    }

    @Test
    void theCacheKeepsManyKeysUntilItsBoundAndOnlyThenStartsOver() {
        // Start just after a clear, whatever other tests left in the shared cache.
        int previous = KeyVerifiers.cacheSize();
        for (int i = 0; i < 600; i++) {
            KeyVerifiers.verifierFor(TestKeys.ed25519().publicKey());
            if (KeyVerifiers.cacheSize() < previous) {
                break;
            }
            previous = KeyVerifiers.cacheSize();
        }
        int base = KeyVerifiers.cacheSize();
        assertTrue(base == 1, "the cache started over at its bound; holds " + base);
        TufKey a = TestKeys.ed25519().publicKey();
        KeyVerifiers.SignatureVerifier parsed = KeyVerifiers.verifierFor(a);
        for (int i = 0; i < 100; i++) {
            KeyVerifiers.verifierFor(TestKeys.ed25519().publicKey());
        }
        assertTrue(KeyVerifiers.cacheSize() == base + 101, "holds " + KeyVerifiers.cacheSize());
        assertTrue(parsed == KeyVerifiers.verifierFor(a), "a key parsed 100 keys ago is still parsed");
    }
}
