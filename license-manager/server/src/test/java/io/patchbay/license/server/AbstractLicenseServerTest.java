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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The license server end to end over HTTPS, on one database: activation, seats, clones, misuse, revocation. One
 * server per class; each test issues its own licenses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractLicenseServerTest {
    LicenseServerFixture fx;

    abstract LicenseServerFixture newFixture() throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        fx = newFixture();
    }

    @AfterAll
    void stopServer() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void activationReturnsANodeLockedTokenAndAFirstLease() throws Exception {
        License license = fx.issue("\"checkInSeconds\":3600,\"offlineGraceSeconds\":259200");
        Instance instance = fx.instance();
        JsonNode answer = instance.activated(license.key());
        LicenseClaims claims = fx.verifiedToken(answer.get("token").asText());
        assertEquals(license.id(), claims.licenseId());
        assertEquals(instance.publicKey(), claims.instanceKey(), "bound to the instance key");
        assertEquals(instance.fingerprint, claims.fingerprint(), "and to its fingerprint");
        assertEquals("ACME Corp.", claims.customer());
        assertEquals(5L, claims.feature("reports").orElseThrow().limits().get("users"));
        assertTrue(claims.feature("export").isPresent());
        assertEquals(Duration.ofHours(1), claims.lease().checkInInterval());
        assertEquals(Duration.ofDays(3), claims.lease().offlineGrace());
        assertTrue(fx.vendorKeys().containsKey(claims.keyId()));
        LeaseGrant first = fx.verifiedLease(answer.get("lease").asText());
        assertEquals(LeaseStatus.ACTIVE, first.status());
        assertEquals(instance.freshness, first.freshness());
        assertEquals(fx.now(), first.serverTime());

        // The same instance on the same machine (one component changed) activates again: same activation.
        instance.fingerprint = new LinkedHashMap<>(instance.fingerprint);
        instance.fingerprint.put("mac", "bmV3LW5ldHdvcmstY2FyZC1tYWM");
        JsonNode again = instance.activated(license.key());
        assertEquals(answer.get("activationId").asText(), again.get("activationId").asText());

        fx.clock.advance(Duration.ofMinutes(50));
        HttpResponse<String> renewed = instance.renew();
        assertEquals(200, renewed.statusCode(), renewed.body());
        LeaseGrant grant = fx.grant(renewed);
        assertEquals(fx.now(), grant.serverTime(), "signed server time");
        assertEquals(fx.now().plus(Duration.ofHours(1)), grant.leaseExpiresAt());
        assertNotEquals(again.get("freshness").asText(), grant.freshness(), "a fresh value every time");
        assertNull(fx.flags(license.id()).get(0), "a well-behaved instance raises no flag");
    }

    @Test
    void aLicenseWithALimitOfOneSeenOnThreeMachinesIsFlaggedWithItsReason() throws Exception {
        License license = fx.issue("\"maxMachines\":1");
        fx.instance().activated(license.key());
        HttpResponse<String> second = fx.instance().activate(license.key());
        assertEquals(409, second.statusCode());
        assertEquals("machine_limit", LicenseServerFixture.error(second));
        HttpResponse<String> third = fx.instance().activate(license.key());
        assertEquals("machine_limit", LicenseServerFixture.error(third));
        JsonNode flag = fx.flag(license.id(), "TOO_MANY_MACHINES");
        assertNotNull(flag, fx.flags(license.id()).toString());
        assertTrue(flag.get("reason").asText().contains("seen on 3 machines; its policy allows 1"), flag.toString());
        assertEquals("FLAGGED", flag.get("action").asText());
        assertEquals(2, flag.get("occurrences").asInt());
    }

    @Test
    void theNPlusFirstConcurrentSeatIsRefusedAndAReleasedOrCulledSeatIsReusable() throws Exception {
        License license = fx.issue("\"maxMachines\":10,\"maxSeats\":2,\"seatTimeoutSeconds\":900,\"checkInSeconds\":300");
        Instance a = fx.instance();
        Instance b = fx.instance();
        Instance c = fx.instance();
        Instance d = fx.instance();
        a.activated(license.key());
        b.activated(license.key());
        HttpResponse<String> third = c.activate(license.key());
        assertEquals(409, third.statusCode());
        assertEquals("seat_limit", LicenseServerFixture.error(third));
        assertTrue(third.headers().firstValue("Retry-After").isPresent());

        HttpResponse<String> released = a.release();
        assertEquals(200, released.statusCode(), released.body());
        assertTrue(LicenseServerFixture.json(released).get("released").asBoolean());
        c.activated(license.key());
        assertEquals("seat_limit", LicenseServerFixture.error(d.activate(license.key())));
        // a's renewal finds no seat free now: its seat went to c.
        assertEquals("seat_limit", LicenseServerFixture.error(a.renew()));

        // c keeps its seat with heartbeats; b stops sending them and its seat dies after the timeout.
        fx.clock.advance(Duration.ofMinutes(10));
        assertEquals(200, c.renew().statusCode());
        fx.clock.advance(Duration.ofMinutes(6));
        d.activated(license.key());
        assertEquals("seat_limit", LicenseServerFixture.error(b.renew()), "b's dead seat went to d");
    }

    @Test
    void concurrentActivationsTakeAtMostNSeats() throws Exception {
        License license = fx.issue("\"maxMachines\":20,\"maxSeats\":3,\"checkInSeconds\":300");
        int racers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Instance instance = fx.instance();
                answers.add(pool.submit(() -> {
                    go.await();
                    return instance.activate(license.key());
                }));
            }
            go.countDown();
            int granted = 0;
            int refused = 0;
            for (java.util.concurrent.Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    granted++;
                } else {
                    assertEquals("seat_limit", LicenseServerFixture.error(response), response.body());
                    refused++;
                }
            }
            assertEquals(3, granted, "exactly N seats under a race");
            assertEquals(racers - 3, refused);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeadSeatIsCulledAndReusable() throws Exception {
        License license = fx.issue("\"maxMachines\":10,\"maxSeats\":1,\"seatTimeoutSeconds\":600,\"checkInSeconds\":120");
        Instance a = fx.instance();
        Instance b = fx.instance();
        a.activated(license.key());
        assertEquals("seat_limit", LicenseServerFixture.error(b.activate(license.key())));
        fx.clock.advance(Duration.ofSeconds(599));
        assertEquals("seat_limit", LicenseServerFixture.error(b.activate(license.key())), "alive until the timeout");
        fx.clock.advance(Duration.ofSeconds(1));
        b.activated(license.key());
        JsonNode seats = LicenseServerFixture.json(fx.admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(),
                fx.readOnlyToken, null)).get("seats");
        assertEquals(2, seats.size(), seats.toString());
        assertTrue(seats.toString().contains("CULLED"), seats.toString());
        assertEquals("seat_limit", LicenseServerFixture.error(a.renew()), "a's seat is b's now");
    }

    @Test
    void aClonedInstanceIsFlaggedAndALostAnswerRetriedIsNot() throws Exception {
        License license = fx.issue("\"checkInSeconds\":3600");
        Instance original = fx.instance();
        original.activated(license.key());
        assertEquals(200, original.renew().statusCode());
        String used = original.freshness;
        assertEquals(200, original.renew().statusCode());
        // A retry of the last request whose answer was lost presents the previous value once: not a clone.
        String snapshot = original.freshness;
        assertEquals(200, original.renewPresenting(used).statusCode());
        assertNull(fx.flag(license.id(), "CLONE"), "a lost answer retried is not a clone");
        assertEquals(200, original.renew().statusCode());

        // A VM snapshot of the instance (same key, same machine) renews with the value it had when copied.
        Instance clone = original.copy(original.fingerprint);
        clone.freshness = snapshot;
        HttpResponse<String> cloned = clone.renew();
        assertEquals(200, cloned.statusCode(), "flag only: the policy's action is FLAG");
        JsonNode flag = fx.flag(license.id(), "CLONE");
        assertNotNull(flag);
        assertTrue(flag.get("reason").asText().contains("two copies of activation"), flag.toString());
    }

    @Test
    void freshnessValuesStayBoundedPerActivation() throws Exception {
        License license = fx.issue("\"checkInSeconds\":3600");
        Instance instance = fx.instance();
        instance.activated(license.key());
        java.util.List<String> presented = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            presented.add(instance.freshness);
            assertEquals(200, instance.renew().statusCode());
        }
        Instance copy = instance.copy(instance.fingerprint);
        assertEquals("unknown_freshness", LicenseServerFixture.error(copy.renewPresenting(presented.get(1))),
                "a value older than the kept ones is refused, not flagged");
        assertNull(fx.flag(license.id(), "CLONE"));
        assertEquals(200, copy.renewPresenting(presented.get(30)).statusCode());
        assertNotNull(fx.flag(license.id(), "CLONE"), "a recent stale value is a clone");
    }

    @Test
    void aCloneSuspendsALicenseWhosePolicySaysSuspend() throws Exception {
        License license = fx.issue("\"checkInSeconds\":3600,\"misuseAction\":\"SUSPEND\"");
        Instance original = fx.instance();
        original.activated(license.key());
        assertEquals(200, original.renew().statusCode());
        Instance clone = original.copy(original.fingerprint);
        assertEquals(200, original.renew().statusCode());
        // The clone's first renewal looks like a retry of a lost answer; the original's next one exposes both.
        assertEquals(LeaseStatus.ACTIVE, fx.grant(clone.renew()).status());
        assertEquals(LeaseStatus.SUSPENDED, fx.grant(original.renew()).status());
        assertEquals(LeaseStatus.SUSPENDED, fx.grant(clone.renew()).status());
        assertEquals("SUSPENDED", fx.flag(license.id(), "CLONE").get("action").asText());
        assertEquals("license_suspended", LicenseServerFixture.error(fx.instance().activate(license.key())));
    }

    @Test
    void revocationAndSuspensionTakeEffectAtTheNextRenewal() throws Exception {
        License license = fx.issue("\"maxMachines\":3,\"checkInSeconds\":3600");
        Instance instance = fx.instance();
        instance.activated(license.key());
        assertEquals(LeaseStatus.ACTIVE, fx.grant(instance.renew()).status());

        assertEquals(200, fx.setStatus("suspend", license.id()).statusCode());
        assertEquals(LeaseStatus.SUSPENDED, fx.grant(instance.renew()).status());
        assertEquals("license_suspended", LicenseServerFixture.error(fx.instance().activate(license.key())));
        assertEquals(200, fx.setStatus("reinstate", license.id()).statusCode());
        assertEquals(LeaseStatus.ACTIVE, fx.grant(instance.renew()).status());

        HttpResponse<String> revoked = fx.setStatus("revoke", license.id());
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(LeaseStatus.REVOKED, fx.grant(instance.renew()).status());
        assertEquals("license_revoked", LicenseServerFixture.error(fx.instance().activate(license.key())));
        HttpResponse<String> reinstated = fx.setStatus("reinstate", license.id());
        assertEquals(409, reinstated.statusCode());
        assertEquals("license_revoked", LicenseServerFixture.error(reinstated), "revocation is final");
        String audit = LicenseServerFixture.json(fx.admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(),
                fx.readOnlyToken, null)).get("audit").toString();
        assertTrue(audit.contains("REVOKE") && audit.contains("SUSPEND") && audit.contains("REINSTATE"), audit);
    }

    @Test
    void transferMovesTheLicenseWithinThePolicysLimit() throws Exception {
        License license = fx.issue("\"maxMachines\":1,\"maxTransfers\":1");
        Instance old = fx.instance();
        old.activated(license.key());
        Instance replacement = fx.instance();
        HttpResponse<String> moved = replacement.transfer(license.key());
        assertEquals(200, moved.statusCode(), moved.body());
        replacement.licenseId = license.id();
        replacement.freshness = LicenseServerFixture.json(moved).get("freshness").asText();
        assertEquals("not_activated", LicenseServerFixture.error(old.renew()), "the old machine lost it");
        assertEquals(200, replacement.renew().statusCode());
        assertNull(fx.flag(license.id(), "TOO_MANY_MACHINES"), "a transfer within the policy is not misuse");
        HttpResponse<String> again = fx.instance().transfer(license.key());
        assertEquals(409, again.statusCode());
        assertEquals("transfer_limit", LicenseServerFixture.error(again));
        assertNotNull(fx.flag(license.id(), "TOO_MANY_MACHINES"), "a third machine is beyond the policy");
    }

    @Test
    void deactivationFreesTheMachineSlot() throws Exception {
        License license = fx.issue("\"maxMachines\":1");
        Instance first = fx.instance();
        first.activated(license.key());
        assertEquals(200, first.deactivate().statusCode());
        fx.instance().activated(license.key());
        assertEquals("not_activated", LicenseServerFixture.error(first.renew()));
    }

    @Test
    void overlappingHeartbeatsFromTwoMachinesAndAClockSetBackAreFlagged() throws Exception {
        License license = fx.issue("\"maxMachines\":2,\"checkInSeconds\":3600");
        Instance original = fx.instance();
        original.activated(license.key());
        assertEquals(200, original.renew().statusCode());
        // The data directory copied to another machine: same key, other fingerprint, renewing alongside.
        Instance copy = original.copy(LicenseServerFixture.machine());
        fx.clock.advance(Duration.ofMinutes(5));
        assertEquals(200, copy.renew().statusCode());
        JsonNode overlap = fx.flag(license.id(), "OVERLAPPING_HEARTBEATS");
        assertNotNull(overlap, fx.flags(license.id()).toString());
        assertTrue(overlap.get("reason").asText().contains("two different machines"));

        HttpResponse<String> behind = fx.send(LicenseServerApi.RENEW, original.leaseJws(license.id(),
                original.freshness, fx.now().minus(Duration.ofHours(2))));
        assertEquals(200, behind.statusCode(), "a clock set back is reported, the renewal still answered");
        JsonNode clock = fx.flag(license.id(), "CLOCK_TAMPER");
        assertNotNull(clock);
        assertTrue(clock.get("reason").asText().contains("120 min behind server time"), clock.toString());
    }

    @Test
    void offlineActivationTurnsASignedRequestFileIntoAToken() throws Exception {
        License license = fx.issue("");
        Instance airGapped = fx.instance();
        String file = airGapped.activationJws(license.key(), fx.now().minus(Duration.ofDays(3)));
        String body = "{\"request\":\"" + file + "\"}";
        assertEquals(403, fx.admin("POST", LicenseServerApi.OFFLINE_ACTIVATE, fx.readOnlyToken, body).statusCode());
        HttpResponse<String> activated = fx.admin("POST", LicenseServerApi.OFFLINE_ACTIVATE, fx.operatorToken, body);
        assertEquals(200, activated.statusCode(), activated.body());
        LicenseClaims claims = fx.verifiedToken(LicenseServerFixture.json(activated).get("token").asText());
        assertEquals(airGapped.publicKey(), claims.instanceKey());
        HttpResponse<String> replay = fx.admin("POST", LicenseServerApi.OFFLINE_ACTIVATE, fx.operatorToken, body);
        assertEquals("replayed", LicenseServerFixture.error(replay));
        String tooOld = airGapped.activationJws(license.key(), fx.now().minus(Duration.ofDays(31)));
        assertEquals("stale_request", LicenseServerFixture.error(fx.admin("POST", LicenseServerApi.OFFLINE_ACTIVATE,
                fx.operatorToken, "{\"request\":\"" + tooOld + "\"}")));
    }

    @Test
    void forgedReplayedOversizeStaleAndUnknownRequestsAreRefusedWithTheirReasons() throws Exception {
        License license = fx.issue("\"maxMachines\":5");
        Instance instance = fx.instance();
        String jws = instance.activationJws(license.key(), fx.now());
        String[] parts = jws.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String forgedPayload = io.patchbay.crypto.api.Base64Url.encode(payload.replace(license.key(),
                license.key().substring(0, license.key().length() - 1) + "x").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> forged = fx.send(LicenseServerApi.ACTIVATE, parts[0] + "." + forgedPayload + "." + parts[2]);
        assertEquals(400, forged.statusCode());
        assertEquals("bad_signature", LicenseServerFixture.error(forged));
        // Signed by another key than the instance key it names.
        Instance other = fx.instance();
        String swapped = parts[0] + "." + parts[1] + "." + other.activationJws(license.key(), fx.now()).split("\\.")[2];
        assertEquals("bad_signature", LicenseServerFixture.error(fx.send(LicenseServerApi.ACTIVATE, swapped)));

        assertEquals(200, fx.send(LicenseServerApi.ACTIVATE, jws).statusCode());
        HttpResponse<String> replayed = fx.send(LicenseServerApi.ACTIVATE, jws);
        assertEquals(409, replayed.statusCode());
        assertEquals("replayed", LicenseServerFixture.error(replayed));

        HttpResponse<String> oversize = fx.post(LicenseServerApi.ACTIVATE, "{\"request\":\"" + "a".repeat(30_000) + "\"}");
        assertEquals(413, oversize.statusCode());
        HttpResponse<String> huge = fx.send(LicenseServerApi.ACTIVATE, "a".repeat(18_000));
        assertEquals(400, huge.statusCode(), "a message over the core's 16 Ki limit is refused before parsing");
        assertEquals("malformed_json", LicenseServerFixture.error(fx.post(LicenseServerApi.ACTIVATE, "{\"request\":")));
        assertEquals("invalid_input", LicenseServerFixture.error(fx.post(LicenseServerApi.ACTIVATE, "{}")));

        HttpResponse<String> stale = fx.send(LicenseServerApi.ACTIVATE,
                fx.instance().activationJws(license.key(), fx.now().minus(Duration.ofDays(2))));
        assertEquals("stale_request", LicenseServerFixture.error(stale));
        HttpResponse<String> unknown = fx.send(LicenseServerApi.ACTIVATE, fx.instance().activationJws("LK-nosuchkey", fx.now()));
        assertEquals(403, unknown.statusCode());
        assertEquals("unknown_license", LicenseServerFixture.error(unknown));

        instance.licenseId = license.id();
        instance.freshness = null;
        String lease = instance.leaseJws(license.id(), null, fx.now());
        assertEquals(200, fx.send(LicenseServerApi.RENEW, lease).statusCode());
        assertEquals("replayed", LicenseServerFixture.error(fx.send(LicenseServerApi.RENEW, lease)));
        assertEquals("unknown_freshness", LicenseServerFixture.error(instance.renewPresenting("fNeverIssuedValue")));
        assertEquals("not_activated", LicenseServerFixture.error(fx.send(LicenseServerApi.RENEW,
                fx.instance().leaseJws(license.id(), null, fx.now()))));
    }

    @Test
    void aFloodOfActivationsIsRefusedAndFlaggedAsChurn() throws Exception {
        License license = fx.issue("\"maxMachines\":1,\"maxActivationsPerDay\":6");
        HttpResponse<String> last = null;
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            Instance instance = fx.instance();
            last = instance.activate(license.key());
            if (last.statusCode() != 200) {
                break;
            }
            granted++;
            instance.licenseId = license.id();
            instance.freshness = LicenseServerFixture.json(last).get("freshness").asText();
            assertEquals(200, instance.deactivate().statusCode());
        }
        assertEquals(3, granted, "3 activations and 3 deactivations reach the limit of 6 a day");
        assertEquals(429, last.statusCode());
        assertEquals("activation_churn", LicenseServerFixture.error(last));
        assertTrue(last.headers().firstValue("Retry-After").isPresent());
        assertTrue(fx.flag(license.id(), "ACTIVATION_CHURN").get("reason").asText().contains("in the last 24 h"));
    }

    @Test
    void adminRoutesNeedATokenAndTheOperatorRoleToChange() throws Exception {
        License license = fx.issue("");
        String issue = "{\"customer\":\"x\",\"features\":[{\"name\":\"a\"}]}";
        assertEquals(401, fx.admin("GET", LicenseServerApi.LIST, null, null).statusCode());
        assertEquals(401, fx.admin("GET", LicenseServerApi.LIST, "not-a-token", null).statusCode());
        assertEquals(200, fx.admin("GET", LicenseServerApi.LIST, fx.readOnlyToken, null).statusCode());
        assertEquals(200, fx.admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(), fx.readOnlyToken, null).statusCode());
        assertEquals(200, fx.admin("GET", LicenseServerApi.FLAGS, fx.readOnlyToken, null).statusCode());
        assertEquals(403, fx.admin("POST", LicenseServerApi.LICENSES, fx.readOnlyToken, issue).statusCode());
        String change = "{\"id\":\"" + license.id() + "\"}";
        assertEquals(403, fx.admin("POST", LicenseServerApi.REVOKE, fx.readOnlyToken, change).statusCode());
        assertEquals(403, fx.admin("POST", LicenseServerApi.SUSPEND, fx.readOnlyToken, change).statusCode());
        assertEquals(403, fx.admin("POST", LicenseServerApi.ROTATE_KEY, fx.readOnlyToken, "{}").statusCode());
        assertEquals(201, fx.admin("POST", LicenseServerApi.LICENSES, fx.operatorToken, issue).statusCode());
        assertEquals("invalid_input", LicenseServerFixture.error(fx.admin("POST", LicenseServerApi.LICENSES,
                fx.operatorToken, "{\"customer\":\"x\",\"features\":[]}")));
        assertEquals("invalid_input", LicenseServerFixture.error(fx.admin("POST", LicenseServerApi.LICENSES,
                fx.operatorToken, "{\"customer\":\"x\",\"features\":[{\"name\":\"bad name!\"}]}")));
        assertEquals("invalid_input", LicenseServerFixture.error(fx.admin("POST", LicenseServerApi.LICENSES,
                fx.operatorToken, "{\"customer\":\"x\",\"features\":[{\"name\":\"a\"}],\"maxSeats\":2,"
                        + "\"seatTimeoutSeconds\":600,\"checkInSeconds\":600}")));
        assertEquals(404, fx.admin("GET", LicenseServerApi.SHOW + "?id=lic_000000000000000000000000",
                fx.readOnlyToken, null).statusCode());
        assertEquals("invalid_input", LicenseServerFixture.error(fx.admin("GET", LicenseServerApi.SHOW + "?id=x'--",
                fx.readOnlyToken, null)));
        String listed = fx.admin("GET", LicenseServerApi.LIST, fx.readOnlyToken, null).body();
        assertTrue(listed.contains(license.id()));
        assertTrue(!listed.contains(license.key()), "the license key is shown once, at issue");
    }

    @Test
    void vendorKeysAreOwnerOnlyKeptAcrossRestartsAndRotate() throws Exception {
        Map<String, io.patchbay.crypto.api.SigningPublicKey> before = fx.vendorKeys();
        java.nio.file.Path dir = fx.dataDirectory.resolve("extensions/license/vendor-keys");
        for (String id : before.keySet()) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(dir.resolve(id + ".key"))));
        }
        HttpResponse<String> rotated = fx.admin("POST", LicenseServerApi.ROTATE_KEY, fx.operatorToken, "{}");
        assertEquals(200, rotated.statusCode(), rotated.body());
        String active = LicenseServerFixture.json(rotated).get("activeKeyId").asText();
        fx.restart();
        Map<String, io.patchbay.crypto.api.SigningPublicKey> after = fx.vendorKeys();
        assertTrue(after.keySet().containsAll(before.keySet()), "old keys stay for verification");
        assertTrue(after.containsKey(active));
        License license = fx.issue("");
        Instance instance = fx.instance();
        assertEquals(active, fx.verifiedToken(instance.activated(license.key()).get("token").asText()).keyId());
    }
}
