package io.patchbay.license.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.server.LicenseServerFixture.Instance;
import io.patchbay.license.server.LicenseServerFixture.License;
import io.patchbay.license.server.api.LicenseServerApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Misuse detection: each kind flagged with its reason, and the policy's action.
 * Run on H2 and PostgreSQL by {@link AbstractLicenseServerTest}.
 */
interface MisuseContract {
    LicenseServerFixture fx();

    @Test
    default void aLicenseWithALimitOfOneSeenOnThreeMachinesIsFlaggedWithItsReason() throws Exception {
        License license = fx().issue("\"maxMachines\":1");
        fx().instance().activated(license.key());
        HttpResponse<String> second = fx().instance().activate(license.key());
        assertEquals(409, second.statusCode());
        assertEquals("machine_limit", LicenseServerFixture.error(second));
        HttpResponse<String> third = fx().instance().activate(license.key());
        assertEquals("machine_limit", LicenseServerFixture.error(third));
        JsonNode flag = fx().flag(license.id(), "TOO_MANY_MACHINES");
        assertNotNull(flag, fx().flags(license.id()).toString());
        assertTrue(flag.get("reason").asText().contains("seen on 3 machines; its policy allows 1"), flag.toString());
        assertEquals("FLAGGED", flag.get("action").asText());
        assertEquals(2, flag.get("occurrences").asInt());
    }

    @Test
    default void aClonedInstanceIsFlaggedAndALostAnswerRetriedIsNot() throws Exception {
        License license = fx().issue("\"checkInSeconds\":3600");
        Instance original = fx().instance();
        original.activated(license.key());
        assertEquals(200, original.renew().statusCode());
        String used = original.freshness;
        assertEquals(200, original.renew().statusCode());
        // A retry of the last request whose answer was lost presents the previous value once: not a clone.
        String snapshot = original.freshness;
        assertEquals(200, original.renewPresenting(used).statusCode());
        assertNull(fx().flag(license.id(), "CLONE"), "a lost answer retried is not a clone");
        assertEquals(200, original.renew().statusCode());

        // A VM snapshot of the instance (same key, same machine) renews with the value it had when copied.
        Instance clone = original.copy(original.fingerprint);
        clone.freshness = snapshot;
        HttpResponse<String> cloned = clone.renew();
        assertEquals(200, cloned.statusCode(), "flag only: the policy's action is FLAG");
        JsonNode flag = fx().flag(license.id(), "CLONE");
        assertNotNull(flag);
        assertTrue(flag.get("reason").asText().contains("two copies of activation"), flag.toString());
    }

    @Test
    default void freshnessValuesStayBoundedPerActivation() throws Exception {
        License license = fx().issue("\"checkInSeconds\":3600");
        Instance instance = fx().instance();
        instance.activated(license.key());
        java.util.List<String> presented = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            presented.add(instance.freshness);
            assertEquals(200, instance.renew().statusCode());
        }
        Instance copy = instance.copy(instance.fingerprint);
        assertEquals("unknown_freshness", LicenseServerFixture.error(copy.renewPresenting(presented.get(1))),
                "a value older than the kept ones is refused, not flagged");
        assertNull(fx().flag(license.id(), "CLONE"));
        assertEquals(200, copy.renewPresenting(presented.get(30)).statusCode());
        assertNotNull(fx().flag(license.id(), "CLONE"), "a recent stale value is a clone");
    }

    @Test
    default void aCloneSuspendsALicenseWhosePolicySaysSuspend() throws Exception {
        License license = fx().issue("\"checkInSeconds\":3600,\"misuseAction\":\"SUSPEND\"");
        Instance original = fx().instance();
        original.activated(license.key());
        assertEquals(200, original.renew().statusCode());
        Instance clone = original.copy(original.fingerprint);
        assertEquals(200, original.renew().statusCode());
        // The clone's first renewal looks like a retry of a lost answer; the original's next one exposes both.
        assertEquals(LeaseStatus.ACTIVE, fx().grant(clone.renew()).status());
        assertEquals(LeaseStatus.SUSPENDED, fx().grant(original.renew()).status());
        assertEquals(LeaseStatus.SUSPENDED, fx().grant(clone.renew()).status());
        assertEquals("SUSPENDED", fx().flag(license.id(), "CLONE").get("action").asText());
        assertEquals("license_suspended", LicenseServerFixture.error(fx().instance().activate(license.key())));
    }

    @Test
    default void overlappingHeartbeatsFromTwoMachinesAndAClockSetBackAreFlagged() throws Exception {
        License license = fx().issue("\"maxMachines\":2,\"checkInSeconds\":3600");
        Instance original = fx().instance();
        original.activated(license.key());
        assertEquals(200, original.renew().statusCode());
        // The data directory copied to another machine: same key, other fingerprint, renewing alongside.
        Instance copy = original.copy(LicenseServerFixture.machine());
        fx().clock.advance(Duration.ofMinutes(5));
        assertEquals(200, copy.renew().statusCode());
        JsonNode overlap = fx().flag(license.id(), "OVERLAPPING_HEARTBEATS");
        assertNotNull(overlap, fx().flags(license.id()).toString());
        assertTrue(overlap.get("reason").asText().contains("two different machines"));

        HttpResponse<String> behind = fx().send(LicenseServerApi.RENEW, original.leaseJws(license.id(),
                original.freshness, fx().now().minus(Duration.ofHours(2))));
        assertEquals(200, behind.statusCode(), "a clock set back is reported, the renewal still answered");
        JsonNode clock = fx().flag(license.id(), "CLOCK_TAMPER");
        assertNotNull(clock);
        assertTrue(clock.get("reason").asText().contains("120 min behind server time"), clock.toString());
    }

    @Test
    default void aFloodOfActivationsIsRefusedAndFlaggedAsChurn() throws Exception {
        License license = fx().issue("\"maxMachines\":1,\"maxActivationsPerDay\":6");
        HttpResponse<String> last = null;
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            Instance instance = fx().instance();
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
        assertTrue(fx().flag(license.id(), "ACTIVATION_CHURN").get("reason").asText().contains("in the last 24 h"));
    }
}
