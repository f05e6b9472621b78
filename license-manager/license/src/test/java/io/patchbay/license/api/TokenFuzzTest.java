package io.patchbay.license.api;

import static io.patchbay.license.api.TokenFixtures.claims;
import static io.patchbay.license.api.TokenFixtures.key;
import static io.patchbay.license.api.TokenFixtures.licenseHeader;
import static io.patchbay.license.api.TokenFixtures.payloadOf;
import static io.patchbay.license.api.TokenFixtures.rawJws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded, bounded fuzzing: random edits of a valid token must be refused with a license code (never another
 * exception, never accepted unless the edit changed nothing), and random edits of a payload that is then validly
 * signed must parse to bounded claims or be refused as BAD_SIGNATURE.
 */
class TokenFuzzTest {

    private static final long SEED = 0x5EED_2026_1201L;
    private static final int ROUNDS = 800;
    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \"{}[],:\\\u00e9\u0000";
    private static final String JSON_CHARS = "{}[],:\"\\ 0123456789-.eE+truefalsnul\u00ff\u2028abcv";

    private final SigningKeyPair vendor = key(11);
    private final Map<String, SigningPublicKey> trusted = Map.of("v1", vendor.publicKey());
    private final String token = LicenseTokens.issue(claims(key(12)), vendor, "v1");

    @Test
    void editedTokensAreRefusedWithACode() {
        Random random = new Random(SEED);
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String mutated = mutate(token, ALPHABET, random);
            try {
                LicenseTokens.verify(mutated, trusted);
                assertEquals(token, mutated, "an edited token was accepted");
            } catch (LicenseException e) {
                assertTrue(Set.of(LicenseCode.BAD_SIGNATURE, LicenseCode.UNKNOWN_KEY).contains(e.code()), e.getMessage());
                refused++;
            } catch (RuntimeException e) {
                fail("round " + round + ": " + mutated, e);
            }
        }
        assertTrue(refused > ROUNDS * 9 / 10, "most edits change the token: " + refused);
    }

    @Test
    void editedPayloadsSignedValidlyParseOrAreRefused() {
        Random random = new Random(SEED + 1);
        String payload = payloadOf(token);
        int accepted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String mutated = mutate(payload, JSON_CHARS, random);
            try {
                LicenseClaims c = LicenseTokens.verify(rawJws(licenseHeader("v1"), mutated, vendor), trusted);
                assertTrue(c.features().size() <= Limits.MAX_FEATURES);
                accepted++;
            } catch (LicenseException e) {
                assertEquals(LicenseCode.BAD_SIGNATURE, e.code(), e.getMessage());
            } catch (RuntimeException e) {
                fail("round " + round + ": " + mutated, e);
            }
        }
        // Some edits only change a value (a digit of a time, a letter of a name) and stay valid claims.
        assertTrue(accepted < ROUNDS, "strict parsing refuses most edits: " + accepted);
    }

    @Test
    void editedHeadersAreRefusedOrKeepTheirMeaning() {
        Random random = new Random(SEED + 2);
        String header = licenseHeader("v1");
        String payload = payloadOf(token);
        for (int round = 0; round < ROUNDS / 3; round++) {
            String mutated = mutate(header, JSON_CHARS + "EdDSAkidtyp", random);
            try {
                LicenseTokens.verify(rawJws(mutated, payload, vendor), trusted);
                // Only a spelling of the same header (white space, escapes) may pass.
            } catch (LicenseException e) {
                assertTrue(Set.of(LicenseCode.BAD_SIGNATURE, LicenseCode.UNKNOWN_KEY).contains(e.code()), e.getMessage());
            } catch (RuntimeException e) {
                fail("round " + round + ": " + mutated, e);
            }
        }
    }

    private static String mutate(String s, String alphabet, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = random.nextInt(b.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(4)) {
                case 0 -> b.setCharAt(at, c);
                case 1 -> b.deleteCharAt(at);
                case 2 -> b.insert(at, c);
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }
}
