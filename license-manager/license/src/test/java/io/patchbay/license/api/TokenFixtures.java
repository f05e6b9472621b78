package io.patchbay.license.api;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SigningKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Keys and claims for token tests, and hand-made JWS for what the codec itself would never write. */
final class TokenFixtures {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private TokenFixtures() {
    }

    static SigningKeyPair key(long seed) {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        random.setSeed(seed);
        return SigningKeyPair.generate(random);
    }

    static Map<String, String> fingerprint() {
        return Map.of("machine-id", "bWFjaGluZS1pZC1obWFjLXZhbHVl", "hostname", "aG9zdG5hbWUtaG1hYy12YWx1ZQ");
    }

    static LicenseClaims claims(SigningKeyPair instance) {
        return new LicenseClaims("lic-0001", "ACME Corp.", instance.publicKey().base64Url(), fingerprint(),
                List.of(new FeatureGrant("reports", T0.plus(Duration.ofDays(30)), Map.of("seats", 5L)),
                        FeatureGrant.of("export")),
                T0, T0.plus(Duration.ofDays(365)), new LeasePolicy(Duration.ofHours(1), Duration.ofDays(3)), null);
    }

    static String b64(String json) {
        return Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JWS with this exact header and payload text, signed (Ed25519) by the key. */
    static String rawJws(String headerJson, String payloadJson, SigningKeyPair key) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String licenseHeader(String kid) {
        return "{\"alg\":\"EdDSA\",\"typ\":\"" + LicenseTokens.LICENSE_TYPE + "\",\"kid\":\"" + kid + "\"}";
    }

    /** The payload of a compact JWS, as text. */
    static String payloadOf(String jws) {
        return new String(Base64Url.decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
