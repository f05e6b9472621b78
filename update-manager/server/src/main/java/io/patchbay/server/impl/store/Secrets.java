package io.patchbay.server.impl.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Token generation and hashing. Tokens carry 256 random bits, so a plain SHA-256 (no salt, no slow hash) is
 * enough to store them: there is nothing to brute-force, and equal tokens must hash equal for the lookup.
 */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Secrets() {
    }

    /** A new token: a readable prefix (so secret scanners can spot leaks) and 256 bits, base64url. */
    static String newToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static String sha256Hex(String token) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] unhex(String hex) {
        return hex == null ? null : HEX.parseHex(hex.trim());
    }
}
