package io.patchbay.license.impl.token;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.api.LicenseTokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Compact JWS with EdDSA over Ed25519, through jose4j, with the rules of {@link LicenseTokens}: the text is
 * checked (length, three canonical base64url parts) before jose4j sees it, the header must be exactly
 * {@code alg}/{@code typ}/{@code kid} with the pinned algorithm and the expected type, and the signature must
 * verify both in jose4j (algorithm-constrained to EdDSA) and under the crypto module's strict Ed25519 check
 * (canonical S), so a token has a single valid spelling whatever the JDK provider accepts.
 */
public final class Jws {

    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "typ", "kid");

    private Jws() {
    }

    public static String sign(String type, byte[] payload, SigningKeyPair key, String keyId) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.EDDSA);
        jws.setHeader("typ", type);
        jws.setKeyIdHeaderValue(keyId);
        jws.setPayloadBytes(payload);
        jws.setKey(jdkPrivate(key));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("EdDSA signing failed", e);
        }
    }

    /** A verified JWS: the key id from its header and its payload bytes. */
    public record Verified(String keyId, byte[] payload) {
    }

    /**
     * @param keys resolves a key id to a trusted key, or null when none carries it
     */
    public static Verified verify(String compact, String type, int maxChars, Function<String, SigningPublicKey> keys)
            throws LicenseException {
        String[] parts = split(compact, maxChars);
        Map<String, String> header = header(parts[0], type);
        String keyId = header.get("kid");
        SigningPublicKey key = keys.apply(keyId);
        if (key == null) {
            throw new LicenseException(LicenseCode.UNKNOWN_KEY, "no trusted key has the id " + StrictJson.shorten(keyId));
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.EDDSA));
        try {
            jws.setCompactSerialization(compact);
            jws.setKey(jdkPublic(key));
            if (!jws.verifySignature()) {
                throw bad("the signature does not verify");
            }
        } catch (JoseException e) {
            throw new LicenseException(LicenseCode.BAD_SIGNATURE, "refused by the JWS check: " + e.getMessage(), e);
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!key.verify(signingInput, decode(parts[2], "signature"))) {
            throw bad("the signature is not a canonical Ed25519 signature");
        }
        return new Verified(keyId, decode(parts[1], "payload"));
    }

    private static String[] split(String compact, int maxChars) throws LicenseException {
        if (compact == null || compact.isEmpty()) {
            throw bad("no token");
        }
        if (compact.length() > maxChars) {
            throw bad("the token is " + compact.length() + " characters, at most " + maxChars + " accepted");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw bad("a compact JWS has three parts, this has " + parts.length);
        }
        for (int i = 0; i < 3; i++) {
            if (parts[i].isEmpty()) {
                throw bad("part " + (i + 1) + " of the JWS is empty");
            }
            decode(parts[i], "part " + (i + 1));
        }
        return parts;
    }

    private static Map<String, String> header(String encoded, String type) throws LicenseException {
        Map<String, String> header;
        try {
            StrictJson.Obj obj = StrictJson.parse(decode(encoded, "header"), "JWS header");
            header = obj.strings(HEADER_MEMBERS.size() + 1);
        } catch (IllegalArgumentException e) {
            throw new LicenseException(LicenseCode.BAD_SIGNATURE, e.getMessage(), e);
        }
        for (String name : header.keySet()) {
            if (!HEADER_MEMBERS.contains(name)) {
                throw bad("the JWS header has a member " + StrictJson.shorten(name) + " (only alg, typ, kid allowed)");
            }
        }
        String alg = header.get("alg");
        if (!LicenseTokens.ALGORITHM.equals(alg)) {
            throw bad("algorithm " + (alg == null ? "(none given)" : StrictJson.shorten(alg)) + " refused, only "
                    + LicenseTokens.ALGORITHM + " is accepted");
        }
        String typ = header.get("typ");
        if (!type.equals(typ)) {
            throw bad("type " + (typ == null ? "(none given)" : StrictJson.shorten(typ)) + " refused, expected " + type);
        }
        if (header.get("kid") == null) {
            throw new LicenseException(LicenseCode.UNKNOWN_KEY, "the JWS header names no key id");
        }
        return header;
    }

    private static byte[] decode(String part, String what) throws LicenseException {
        try {
            return Base64Url.decode(part);
        } catch (IllegalArgumentException e) {
            throw bad(what + " is " + e.getMessage());
        }
    }

    private static LicenseException bad(String message) {
        return new LicenseException(LicenseCode.BAD_SIGNATURE, message);
    }

    private static PrivateKey jdkPrivate(SigningKeyPair key) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(key.pkcs8()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused an Ed25519 private key", e);
        }
    }

    private static PublicKey jdkPublic(SigningPublicKey key) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(key.spki()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused a valid Ed25519 public key", e);
        }
    }
}
