package io.patchbay.license.api;

import static io.patchbay.license.api.TokenFixtures.T0;
import static io.patchbay.license.api.TokenFixtures.b64;
import static io.patchbay.license.api.TokenFixtures.claims;
import static io.patchbay.license.api.TokenFixtures.key;
import static io.patchbay.license.api.TokenFixtures.licenseHeader;
import static io.patchbay.license.api.TokenFixtures.payloadOf;
import static io.patchbay.license.api.TokenFixtures.rawJws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LicenseTokensTest {

    private final SigningKeyPair vendor = key(1);
    private final SigningKeyPair vendorNext = key(2);
    private final SigningKeyPair instance = key(3);
    private final Map<String, SigningPublicKey> trusted = Map.of("v1", vendor.publicKey(), "v2", vendorNext.publicKey());
    private final LicenseClaims claims = claims(instance);

    private String token() {
        return LicenseTokens.issue(claims, vendor, "v1");
    }

    private void refused(LicenseCode code, Executable verify) {
        LicenseException e = assertThrows(LicenseException.class, verify);
        assertEquals(code, e.code(), e.getMessage());
    }

    private void refused(LicenseCode code, String jws) {
        refused(code, () -> LicenseTokens.verify(jws, trusted));
    }

    @Test
    void roundTripKeepsEveryClaimAndReportsTheKeyId() throws Exception {
        LicenseClaims back = LicenseTokens.verify(token(), trusted, T0.plus(Duration.ofDays(1)));
        assertEquals(claims.withKeyId("v1"), back);
        assertEquals(5L, back.feature("reports").orElseThrow().limits().get("seats"));
    }

    @Test
    void perpetualLicenseWithoutLeaseRoundTrips() throws Exception {
        LicenseClaims perpetual = new LicenseClaims("lic-2", "B", instance.publicKey().base64Url(), Map.of(),
                List.of(FeatureGrant.of("x")), T0, null, null, null);
        assertEquals(perpetual.withKeyId("v2"),
                LicenseTokens.verify(LicenseTokens.issue(perpetual, vendorNext, "v2"), trusted, T0.plusSeconds(1L << 33)));
    }

    @Test
    void rotationAcceptsEitherTrustedKeyById() throws Exception {
        String old = LicenseTokens.issue(claims, vendor, "v1");
        String next = LicenseTokens.issue(claims, vendorNext, "v2");
        assertEquals("v1", LicenseTokens.verify(old, trusted).keyId());
        assertEquals("v2", LicenseTokens.verify(next, trusted).keyId());
        refused(LicenseCode.UNKNOWN_KEY, () -> LicenseTokens.verify(old, Map.of("v2", vendorNext.publicKey())));
    }

    @Test
    void unknownOrMissingKeyIdIsUnknownKey() {
        refused(LicenseCode.UNKNOWN_KEY, LicenseTokens.issue(claims, vendor, "v9"));
        String payload = payloadOf(token());
        refused(LicenseCode.UNKNOWN_KEY,
                rawJws("{\"alg\":\"EdDSA\",\"typ\":\"" + LicenseTokens.LICENSE_TYPE + "\"}", payload, vendor));
    }

    @Test
    void keyIdOfAnotherTrustedKeyIsABadSignature() {
        refused(LicenseCode.BAD_SIGNATURE, LicenseTokens.issue(claims, vendor, "v2"));
    }

    @Test
    void expiredAndNotYetValidAgainstTheGivenTime() throws Exception {
        String jws = token();
        refused(LicenseCode.EXPIRED, () -> LicenseTokens.verify(jws, trusted, claims.expiresAt()));
        refused(LicenseCode.EXPIRED, () -> LicenseTokens.verify(jws, trusted, claims.expiresAt().plusSeconds(86400)));
        refused(LicenseCode.NOT_YET_VALID, () -> LicenseTokens.verify(jws, trusted, T0.minusSeconds(1)));
        LicenseTokens.verify(jws, trusted, claims.expiresAt().minusSeconds(1));
        LicenseTokens.verify(jws, trusted, T0);
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = token().split("\\.");
        String payload = payloadOf(token()).replace("\"seats\":5", "\"seats\":500");
        assertTrue(payload.contains("500"));
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + b64(payload) + "." + parts[2]);
        String longer = payloadOf(token()).replace("\"name\":\"export\"", "\"name\":\"everything\"");
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + b64(longer) + "." + parts[2]);
    }

    @Test
    void tamperedSignatureIsRefused() {
        String[] parts = token().split("\\.");
        byte[] sig = Base64Url.decode(parts[2]);
        for (int i : new int[] {0, 31, 32, 63}) {
            byte[] flipped = sig.clone();
            flipped[i] ^= 1;
            refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + parts[1] + "." + Base64Url.encode(flipped));
        }
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + parts[1] + "." + Base64Url.encode(new byte[64]));
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + parts[1] + "." + Base64Url.encode(new byte[63]));
    }

    @Test
    void malleatedSignatureWithSPlusOrderIsRefused() {
        String[] parts = token().split("\\.");
        byte[] sig = Base64Url.decode(parts[2]);
        // S + L (little-endian add of the group order) is the classic second spelling of an Ed25519 signature.
        byte[] l = {(byte) 0xed, (byte) 0xd3, (byte) 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, (byte) 0xd6, (byte) 0x9c,
            (byte) 0xf7, (byte) 0xa2, (byte) 0xde, (byte) 0xf9, (byte) 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0x10};
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int s = (sig[32 + i] & 0xff) + (l[i] & 0xff) + carry;
            sig[32 + i] = (byte) s;
            carry = s >> 8;
        }
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + parts[1] + "." + Base64Url.encode(sig));
    }

    @Test
    void algNoneIsRefusedWithAndWithoutASignature() {
        String payload = payloadOf(token());
        String header = "{\"alg\":\"none\",\"typ\":\"" + LicenseTokens.LICENSE_TYPE + "\",\"kid\":\"v1\"}";
        refused(LicenseCode.BAD_SIGNATURE, b64(header) + "." + b64(payload) + ".");
        refused(LicenseCode.BAD_SIGNATURE, b64(header) + "." + b64(payload));
        refused(LicenseCode.BAD_SIGNATURE, rawJws(header, payload, vendor));
        refused(LicenseCode.BAD_SIGNATURE, rawJws(header.replace("none", "None"), payload, vendor));
        refused(LicenseCode.BAD_SIGNATURE, rawJws(header.replace("\"alg\":\"none\",", ""), payload, vendor));
    }

    @Test
    void hs256WithThePublicKeyAsSecretIsRefused() throws Exception {
        String payload = payloadOf(token());
        String header = "{\"alg\":\"HS256\",\"typ\":\"" + LicenseTokens.LICENSE_TYPE + "\",\"kid\":\"v1\"}";
        List<byte[]> secrets = List.of(vendor.publicKey().raw(), vendor.publicKey().spki(),
                vendor.publicKey().toPem().getBytes(StandardCharsets.US_ASCII),
                vendor.publicKey().base64Url().getBytes(StandardCharsets.US_ASCII));
        for (byte[] secret : secrets) {
            String input = b64(header) + "." + b64(payload);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String jws = input + "." + Base64Url.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            refused(LicenseCode.BAD_SIGNATURE, jws);
        }
    }

    @Test
    void otherAlgorithmsAreRefusedEvenWithAValidEd25519Signature() {
        String payload = payloadOf(token());
        for (String alg : List.of("ES256", "RS256", "PS256", "HS512", "Ed25519", "EdDsa", "eddsa", "ES256K")) {
            String header = "{\"alg\":\"" + alg + "\",\"typ\":\"" + LicenseTokens.LICENSE_TYPE + "\",\"kid\":\"v1\"}";
            refused(LicenseCode.BAD_SIGNATURE, rawJws(header, payload, vendor));
        }
    }

    @Test
    void wrongOrMissingTypIsRefused() {
        String payload = payloadOf(token());
        for (String typ : List.of("JWT", "jwt", LicenseTokens.LEASE_GRANT_TYPE, LicenseTokens.ACTIVATION_REQUEST_TYPE,
                "patchbay-license+JWT", "")) {
            refused(LicenseCode.BAD_SIGNATURE,
                    rawJws("{\"alg\":\"EdDSA\",\"typ\":\"" + typ + "\",\"kid\":\"v1\"}", payload, vendor));
        }
        refused(LicenseCode.BAD_SIGNATURE, rawJws("{\"alg\":\"EdDSA\",\"kid\":\"v1\"}", payload, vendor));
    }

    @Test
    void anyOtherHeaderMemberOrADuplicateIsRefused() {
        String payload = payloadOf(token());
        String base = "\"alg\":\"EdDSA\",\"typ\":\"" + LicenseTokens.LICENSE_TYPE + "\",\"kid\":\"v1\"";
        for (String extra : List.of("\"crit\":[\"b64\"],\"b64\":false", "\"jwk\":{}", "\"x5u\":\"https://x\"",
                "\"jku\":\"https://x\"", "\"kid\":\"v2\"", "\"alg\":\"none\"", "\"zip\":\"DEF\"")) {
            refused(LicenseCode.BAD_SIGNATURE, rawJws("{" + base + "," + extra + "}", payload, vendor));
        }
        refused(LicenseCode.BAD_SIGNATURE, rawJws("{\"alg\":\"EdDSA\",\"typ\":\"" + LicenseTokens.LICENSE_TYPE
                + "\",\"kid\":1}", payload, vendor));
    }

    @Test
    void payloadIsParsedStrictly() {
        String good = payloadOf(token());
        String h = licenseHeader("v1");
        List<String> bad = List.of(
                good.replace("{\"v\":1,", "{\"v\":1,\"v\":1,"),
                good.replace("{\"v\":1,", "{\"v\":2,"),
                good.replace("{\"v\":1,", "{\"v\":1,\"admin\":true,"),
                good.replace("\"name\":\"export\"", "\"name\":\"export\",\"extra\":1"),
                good.replace("\"seats\":5", "\"seats\":-5"),
                good.replace("\"seats\":5", "\"seats\":5.0"),
                good.replace("\"seats\":5", "\"seats\":\"5\""),
                good.replace("\"nbf\":", "\"nbf\":\"1\",\"x\":"),
                good.replaceFirst("\"nbf\":\\d+", "\"nbf\":1e9"),
                good.replaceFirst("\"nbf\":\\d+", "\"nbf\":99999999999999999999"),
                good.replaceFirst("\"exp\":\\d+", "\"exp\":1"),
                good.replace("\"sub\":\"ACME Corp.\"", "\"sub\":\"ACME\\u0000\""),
                good.replace("\"sub\":\"ACME Corp.\"", "\"sub\":null"),
                good + "{}",
                "[" + good + "]",
                "null");
        for (String payload : bad) {
            refused(LicenseCode.BAD_SIGNATURE, rawJws(h, payload, vendor));
        }
    }

    @Test
    void oversizeTokensAndClaimsAreRefused() {
        refused(LicenseCode.BAD_SIGNATURE, "a".repeat(Limits.MAX_TOKEN_CHARS + 1));
        StringBuilder features = new StringBuilder();
        for (int i = 0; i <= Limits.MAX_FEATURES; i++) {
            features.append(i == 0 ? "" : ",").append("{\"name\":\"f").append(i).append("\"}");
        }
        String many = payloadOf(token()).replaceFirst("\"features\":\\[[^\\]]*\\]",
                "\"features\":[" + features + "]");
        assertTrue(many.contains("\"f128\""), many);
        refused(LicenseCode.BAD_SIGNATURE, rawJws(licenseHeader("v1"), many, vendor));
        String longCustomer = payloadOf(token()).replace("ACME Corp.", "x".repeat(Limits.MAX_TEXT_CHARS + 1));
        refused(LicenseCode.BAD_SIGNATURE, rawJws(licenseHeader("v1"), longCustomer, vendor));
        String deep = payloadOf(token()).replace("{\"v\":1,", "{\"v\":1,\"d\":" + "[".repeat(100) + "]".repeat(100) + ",");
        refused(LicenseCode.BAD_SIGNATURE, rawJws(licenseHeader("v1"), deep, vendor));
    }

    @Test
    void everyTruncationIsRefused() {
        String jws = token();
        for (int n = 0; n < jws.length(); n++) {
            String cut = jws.substring(0, n);
            // Even a prefix that keeps the whole header (a trusted key id) is a bad signature, never a key error.
            refused(LicenseCode.BAD_SIGNATURE, cut);
        }
    }

    @Test
    void nonCanonicalBase64IsRefused() {
        String[] parts = token().split("\\.");
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "=." + parts[1] + "." + parts[2]);
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + parts[1] + "." + parts[2] + "=");
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + " ." + parts[1] + "." + parts[2]);
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + parts[1] + "." + parts[2] + ".x");
        refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + "+" + parts[1].substring(1) + "."
                + parts[2]);
        // The signature's last character carries 4 unused bits: setting one is another spelling of the same bytes.
        String sig = parts[2];
        char last = sig.charAt(sig.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char twin = alphabet.charAt(alphabet.indexOf(last) | 1);
        if (twin != last) {
            refused(LicenseCode.BAD_SIGNATURE, parts[0] + "." + parts[1] + "." + sig.substring(0, sig.length() - 1)
                    + twin);
        }
    }

    @Test
    void issueRefusesAMissingOrMalformedKeyId() {
        assertThrows(NullPointerException.class, () -> LicenseTokens.issue(claims, vendor, null));
        assertThrows(IllegalArgumentException.class, () -> LicenseTokens.issue(claims, vendor, "a b"));
    }

    @Test
    void nullInputsAreRefused() {
        refused(LicenseCode.BAD_SIGNATURE, (String) null);
        refused(LicenseCode.BAD_SIGNATURE, "");
        refused(LicenseCode.BAD_SIGNATURE, "..");
    }

    @Test
    void aTokenForAnotherPurposeIsNotALicense() throws Exception {
        LeaseGrant grant = new LeaseGrant("lic-0001", instance.publicKey().base64Url(), "n1", LeaseStatus.ACTIVE, T0,
                T0.plusSeconds(3600), "f1", null, null);
        String lease = LicenseTokens.issueLease(grant, vendor, "v1");
        refused(LicenseCode.BAD_SIGNATURE, lease);
        refused(LicenseCode.BAD_SIGNATURE, () -> LicenseTokens.verifyLease(token(), trusted));
        assertEquals(grant.withKeyId("v1"), LicenseTokens.verifyLease(lease, trusted));
    }
}
