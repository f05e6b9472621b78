package io.patchbay.tuf.impl.crypto;

import io.patchbay.tuf.api.TufKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches signature verification by key type and scheme. Parsed public keys are cached because the
 * same few keys verify every refresh; the cache is bounded because key material comes from the network.
 * The cache key is a record of the key's own strings, so a lookup allocates nothing and hashes nothing
 * new (String caches its hash, and the same TufKey hands in the same String instances every time).
 */
public final class KeyVerifiers {

    /** The logger, created on first use: a call with nothing to report starts no logging framework. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(KeyVerifiers.class);
    }
    private static final int CACHE_LIMIT = 512;
    private static final Map<CacheKey, SignatureVerifier> CACHE = new ConcurrentHashMap<>();

    private record CacheKey(String keyType, String scheme, String publicValue) {
        @Override
        public boolean equals(Object o) {
        // Written out (not the record's generated methods): those bootstrap through java.lang.invoke on
        // first use, which a one-shot client call paid for at start-up.
            return o instanceof CacheKey k && keyType.equals(k.keyType) && scheme.equals(k.scheme)
                    && publicValue.equals(k.publicValue);
        }

        @Override
        public int hashCode() {
            return (keyType.hashCode() * 31 + scheme.hashCode()) * 31 + publicValue.hashCode();
        }
    }

    /** A parsed public key able to check signatures of one scheme. */
    interface SignatureVerifier {
        boolean verify(byte[] message, byte[] signature);
    }

    private KeyVerifiers() {
    }

    /** How many parsed keys are cached (tests check the bound). */
    static int cacheSize() {
        return CACHE.size();
    }

    public static boolean isSupported(String keyType, String scheme) {
        return switch (scheme) {
            case Schemes.ED25519 -> Schemes.ED25519.equals(keyType);
            case Schemes.ECDSA_P256 -> Schemes.ECDSA.equals(keyType) || Schemes.ECDSA_P256.equals(keyType);
            case Schemes.RSA_PSS_SHA256 -> Schemes.RSA.equals(keyType);
            default -> false;
        };
    }

    public static boolean verify(TufKey key, byte[] message, byte[] signature) {
        if (!isSupported(key.keyType(), key.scheme())) {
            return false;
        }
        SignatureVerifier verifier = verifierFor(key);
        return verifier != null && verifier.verify(message, signature);
    }

    /** The verifier for {@code key} (cached), or null for a key that verifies nothing. Package-private for tests. */
    static SignatureVerifier verifierFor(TufKey key) {
        CacheKey cacheKey = new CacheKey(key.keyType(), key.scheme(), key.publicValue());
        SignatureVerifier cached = CACHE.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        SignatureVerifier created;
        try {
            created = switch (key.scheme()) {
                case Schemes.ED25519 -> new Ed25519Verifier(key.publicValue());
                case Schemes.ECDSA_P256 -> new EcdsaP256Verifier(key.publicValue());
                case Schemes.RSA_PSS_SHA256 -> new RsaPssVerifier(key.publicValue());
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            // A malformed key verifies nothing; it must not break verification by the other keys.
            Log.LOG.debug("unusable {} key: {}", key.scheme(), e.getMessage());
            return null;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(cacheKey, created);
        return created;
    }
}
