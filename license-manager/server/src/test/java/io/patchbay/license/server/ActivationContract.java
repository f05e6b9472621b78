package io.patchbay.license.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.server.LicenseServerFixture.Instance;
import io.patchbay.license.server.LicenseServerFixture.License;
import io.patchbay.license.server.api.LicenseServerApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Activation, transfer, deactivation, offline activation and vendor keys.
 * Run on H2 and PostgreSQL by {@link AbstractLicenseServerTest}.
 */
interface ActivationContract {
    LicenseServerFixture fx();

    @Test
    default void activationReturnsANodeLockedTokenAndAFirstLease() throws Exception {
        License license = fx().issue("\"checkInSeconds\":3600,\"offlineGraceSeconds\":259200");
        Instance instance = fx().instance();
        JsonNode answer = instance.activated(license.key());
        LicenseClaims claims = fx().verifiedToken(answer.get("token").asText());
        assertEquals(license.id(), claims.licenseId());
        assertEquals(instance.publicKey(), claims.instanceKey(), "bound to the instance key");
        assertEquals(instance.fingerprint, claims.fingerprint(), "and to its fingerprint");
        assertEquals("ACME Corp.", claims.customer());
        assertEquals(5L, claims.feature("reports").orElseThrow().limits().get("users"));
        assertTrue(claims.feature("export").isPresent());
        assertEquals(Duration.ofHours(1), claims.lease().checkInInterval());
        assertEquals(Duration.ofDays(3), claims.lease().offlineGrace());
        assertTrue(fx().vendorKeys().containsKey(claims.keyId()));
        LeaseGrant first = fx().verifiedLease(answer.get("lease").asText());
        assertEquals(LeaseStatus.ACTIVE, first.status());
        assertEquals(instance.freshness, first.freshness());
        assertEquals(fx().now(), first.serverTime());

        // The same instance on the same machine (one component changed) activates again: same activation.
        instance.fingerprint = new LinkedHashMap<>(instance.fingerprint);
        instance.fingerprint.put("mac", "bmV3LW5ldHdvcmstY2FyZC1tYWM");
        JsonNode again = instance.activated(license.key());
        assertEquals(answer.get("activationId").asText(), again.get("activationId").asText());
        for (int i = 0; i < 25; i++) {
            // A host that activates at every start, more often than the churn limit (20 a day): never refused.
            assertEquals(answer.get("activationId").asText(), instance.activated(license.key()).get("activationId").asText());
        }

        fx().clock.advance(Duration.ofMinutes(50));
        HttpResponse<String> renewed = instance.renew();
        assertEquals(200, renewed.statusCode(), renewed.body());
        LeaseGrant grant = fx().grant(renewed);
        assertEquals(fx().now(), grant.serverTime(), "signed server time");
        assertEquals(fx().now().plus(Duration.ofHours(1)), grant.leaseExpiresAt());
        assertNotEquals(again.get("freshness").asText(), grant.freshness(), "a fresh value every time");
        assertNull(fx().flags(license.id()).get(0), "a well-behaved instance raises no flag");
    }

    @Test
    default void transferMovesTheLicenseWithinThePolicysLimit() throws Exception {
        License license = fx().issue("\"maxMachines\":1,\"maxTransfers\":1");
        Instance old = fx().instance();
        old.activated(license.key());
        Instance replacement = fx().instance();
        HttpResponse<String> moved = replacement.transfer(license.key());
        assertEquals(200, moved.statusCode(), moved.body());
        replacement.licenseId = license.id();
        replacement.freshness = LicenseServerFixture.json(moved).get("freshness").asText();
        assertEquals("not_activated", LicenseServerFixture.error(old.renew()), "the old machine lost it");
        assertEquals(200, replacement.renew().statusCode());
        assertNull(fx().flag(license.id(), "TOO_MANY_MACHINES"), "a transfer within the policy is not misuse");
        HttpResponse<String> again = fx().instance().transfer(license.key());
        assertEquals(409, again.statusCode());
        assertEquals("transfer_limit", LicenseServerFixture.error(again));
        assertNotNull(fx().flag(license.id(), "TOO_MANY_MACHINES"), "a third machine is beyond the policy");
    }

    @Test
    default void deactivationFreesTheMachineSlot() throws Exception {
        License license = fx().issue("\"maxMachines\":1");
        Instance first = fx().instance();
        first.activated(license.key());
        assertEquals(200, first.deactivate().statusCode());
        fx().instance().activated(license.key());
        assertEquals("not_activated", LicenseServerFixture.error(first.renew()));
    }

    @Test
    default void offlineActivationTurnsASignedRequestFileIntoAToken() throws Exception {
        License license = fx().issue("");
        Instance airGapped = fx().instance();
        String file = airGapped.activationJws(license.key(), fx().now().minus(Duration.ofDays(3)));
        String body = "{\"request\":\"" + file + "\"}";
        assertEquals(403, fx().admin("POST", LicenseServerApi.OFFLINE_ACTIVATE, fx().readOnlyToken, body).statusCode());
        HttpResponse<String> activated = fx().admin("POST", LicenseServerApi.OFFLINE_ACTIVATE, fx().operatorToken, body);
        assertEquals(200, activated.statusCode(), activated.body());
        LicenseClaims claims = fx().verifiedToken(LicenseServerFixture.json(activated).get("token").asText());
        assertEquals(airGapped.publicKey(), claims.instanceKey());
        HttpResponse<String> replay = fx().admin("POST", LicenseServerApi.OFFLINE_ACTIVATE, fx().operatorToken, body);
        assertEquals("replayed", LicenseServerFixture.error(replay));
        String tooOld = airGapped.activationJws(license.key(), fx().now().minus(Duration.ofDays(31)));
        assertEquals("stale_request", LicenseServerFixture.error(fx().admin("POST", LicenseServerApi.OFFLINE_ACTIVATE,
                fx().operatorToken, "{\"request\":\"" + tooOld + "\"}")));
    }

    @Test
    default void vendorKeysAreOwnerOnlyKeptAcrossRestartsAndRotate() throws Exception {
        Map<String, io.patchbay.crypto.api.SigningPublicKey> before = fx().vendorKeys();
        java.nio.file.Path dir = fx().dataDirectory.resolve("extensions/license/vendor-keys");
        for (String id : before.keySet()) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(dir.resolve(id + ".key"))));
        }
        HttpResponse<String> rotated = fx().admin("POST", LicenseServerApi.ROTATE_KEY, fx().operatorToken, "{}");
        assertEquals(200, rotated.statusCode(), rotated.body());
        String active = LicenseServerFixture.json(rotated).get("activeKeyId").asText();
        fx().restart();
        Map<String, io.patchbay.crypto.api.SigningPublicKey> after = fx().vendorKeys();
        assertTrue(after.keySet().containsAll(before.keySet()), "old keys stay for verification");
        assertTrue(after.containsKey(active));
        License license = fx().issue("");
        Instance instance = fx().instance();
        assertEquals(active, fx().verifiedToken(instance.activated(license.key()).get("token").asText()).keyId());
    }

    @Test
    default void revocationAndSuspensionTakeEffectAtTheNextRenewal() throws Exception {
        License license = fx().issue("\"maxMachines\":3,\"checkInSeconds\":3600");
        Instance instance = fx().instance();
        instance.activated(license.key());
        assertEquals(LeaseStatus.ACTIVE, fx().grant(instance.renew()).status());

        assertEquals(200, fx().setStatus("suspend", license.id()).statusCode());
        assertEquals(LeaseStatus.SUSPENDED, fx().grant(instance.renew()).status());
        assertEquals("license_suspended", LicenseServerFixture.error(fx().instance().activate(license.key())));
        assertEquals(200, fx().setStatus("reinstate", license.id()).statusCode());
        assertEquals(LeaseStatus.ACTIVE, fx().grant(instance.renew()).status());

        HttpResponse<String> revoked = fx().setStatus("revoke", license.id());
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(LeaseStatus.REVOKED, fx().grant(instance.renew()).status());
        assertEquals("license_revoked", LicenseServerFixture.error(fx().instance().activate(license.key())));
        HttpResponse<String> reinstated = fx().setStatus("reinstate", license.id());
        assertEquals(409, reinstated.statusCode());
        assertEquals("license_revoked", LicenseServerFixture.error(reinstated), "revocation is final");
        String audit = LicenseServerFixture.json(fx().admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(),
                fx().readOnlyToken, null)).get("audit").toString();
        assertTrue(audit.contains("REVOKE") && audit.contains("SUSPEND") && audit.contains("REINSTATE"), audit);
    }
}
