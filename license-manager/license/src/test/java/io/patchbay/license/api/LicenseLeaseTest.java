package io.patchbay.license.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.license.testing.SimulatedLicenseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's leases against a simulated license server: expiry and grace, outages, revocation and suspension,
 * replayed grants, the freshness chain that flags clones, and clocks set back.
 */
class LicenseLeaseTest extends LicenseClientFixture {

    @Test
    void leaseExpiryBeyondGraceDisablesAndRenewalReEnables() throws Exception {
        LicenseClient client = activated(tmp);
        server.online(false);
        // The lease ran out an hour after activation; the grace runs 3 days after that.
        run(client, LEASE.offlineGrace(), Duration.ofMinutes(30));
        assertTrue(client.entitlements().enabled("reports"), "still in grace");
        run(client, Duration.ofMinutes(90), Duration.ofMinutes(30));
        assertEquals(LicenseCode.LEASE_OVERDUE, code(client, "reports"));
        assertFalse(client.entitlements().enabled("reports"));
        assertTrue(callbacks.events.contains("disabled reports LEASE_OVERDUE"));
        callbacks.drain();
        server.online(true);
        run(client, LeaseClientRetry.RETRY, Duration.ofMinutes(1));
        assertEquals(LicenseCode.VALID, code(client, "reports"));
        assertTrue(callbacks.drain().contains("enabled reports"));
    }

    @Test
    void offlineWithinGraceStaysEnabledAndAnOutageShorterThanGraceNeverCutsOff() throws Exception {
        LicenseClient client = activated(tmp);
        run(client, Duration.ofHours(5), Duration.ofMinutes(30));
        callbacks.drain();
        server.online(false);
        Duration outage = LEASE.offlineGrace();
        for (Duration d = Duration.ZERO; d.compareTo(outage) < 0; d = d.plus(Duration.ofHours(1))) {
            clientClock.advance(Duration.ofHours(1));
            serverClock.advance(Duration.ofHours(1));
            client.tick();
            assertTrue(client.entitlements().enabled("reports"), "cut off after " + d);
        }
        FeatureStatus status = client.entitlements().status("reports");
        assertEquals(LicenseCode.LEASE_OVERDUE, status.code());
        assertTrue(status.inGrace());
        assertNotNull(status.until());
        assertEquals(1, callbacks.events.stream().filter(e -> e.equals("grace reports LEASE_OVERDUE")).count());
        server.online(true);
        run(client, LeaseClientRetry.RETRY, Duration.ofMinutes(1));
        assertEquals(LicenseCode.VALID, code(client, "reports"));
    }

    @Test
    void revocationAndSuspensionTakeEffectAtTheNextRenewalWithoutGrace() throws Exception {
        LicenseClient client = activated(tmp);
        server.status(LeaseStatus.SUSPENDED);
        run(client, LEASE.checkInInterval(), Duration.ofMinutes(5));
        assertEquals(LicenseCode.SUSPENDED, code(client, "reports"));
        assertFalse(client.entitlements().status("reports").inGrace());
        server.status(LeaseStatus.ACTIVE);
        run(client, LEASE.checkInInterval(), Duration.ofMinutes(5));
        assertEquals(LicenseCode.VALID, code(client, "reports"));
        server.status(LeaseStatus.REVOKED);
        run(client, LEASE.checkInInterval(), Duration.ofMinutes(5));
        assertEquals(LicenseCode.REVOKED, code(client, "reports"));
        assertTrue(callbacks.events.contains("disabled reports REVOKED"));
    }

    @Test
    void aReplayedOldGrantIsIgnored() throws Exception {
        LicenseClient client = activated(tmp);
        run(client, Duration.ofMinutes(5), Duration.ofMinutes(5));
        String oldGrant = Files.readString(tmp.resolve("lease.jws")).trim();
        server.status(LeaseStatus.REVOKED);
        server.replay(oldGrant);
        int before = server.renewals();
        run(client, LEASE.checkInInterval(), Duration.ofMinutes(5));
        assertEquals(before + 1, server.renewals());
        assertEquals(oldGrant, Files.readString(tmp.resolve("lease.jws")).trim(), "the replay was not stored");
        run(client, LeaseClientRetry.RETRY, Duration.ofMinutes(1));
        assertEquals(LicenseCode.REVOKED, code(client, "reports"));
    }

    @Test
    void everyRenewalPresentsTheLastFreshnessValueAndACloneIsFlagged() throws Exception {
        Path original = tmp.resolve("a");
        LicenseClient client = activated(original);
        run(client, Duration.ofHours(3), Duration.ofMinutes(30));
        List<String> presented = server.presentedFreshness();
        assertEquals(3, presented.size());
        assertEquals("null", presented.get(0));
        assertFalse(presented.get(1).equals(presented.get(2)));
        assertTrue(server.flags().isEmpty());
        Path copy = tmp.resolve("clone");
        copyTree(original, copy);
        LicenseClient clone = open(copy, alpha);
        run(client, Duration.ofHours(1), Duration.ofHours(1));
        clone.tick();
        assertEquals(1, server.flags().size(), server.flags().toString());
    }

    @Test
    void aClockSetBackIsDetectedRunsOnGraceThenStops() throws Exception {
        LicenseClient client = activated(tmp);
        run(client, Duration.ofDays(10), Duration.ofHours(6));
        clientClock.advance(Duration.ofDays(-5));
        client.tick();
        FeatureStatus status = client.entitlements().status("reports");
        assertEquals(LicenseCode.CLOCK_TAMPERED, status.code());
        assertTrue(status.inGrace());
        assertTrue(callbacks.events.contains("grace reports CLOCK_TAMPERED"));
        run(client, Duration.ofDays(1), Duration.ofHours(2));
        assertEquals(LicenseCode.CLOCK_TAMPERED, code(client, "reports"));
        assertFalse(client.entitlements().enabled("reports"), "the renewals did not restart the grace");
        assertTrue(callbacks.messages.stream().anyMatch(m -> m.contains("clock was set back")));
        clientClock.advance(Duration.ofDays(5));
        client.tick();
        assertEquals(LicenseCode.VALID, code(client, "reports"), "the clock corrected");
    }

    @Test
    void aClockSetBackWhileTheHostWasDownIsDetectedAtStart() throws Exception {
        server.online(false);
        LicenseClient client = open(tmp, alpha);
        LicenseClaims perpetual = new LicenseClaims("lic-p", "X", client.instanceKey(), client.fingerprint(),
                List.of(FeatureGrant.of("reports")), T0, T0.plus(Duration.ofDays(30)), null, null);
        client.importToken(LicenseTokens.issue(perpetual, vendor, SimulatedLicenseServer.KEY_ID));
        run(client, Duration.ofDays(31), Duration.ofDays(1));
        assertEquals(LicenseCode.EXPIRED, code(client, "reports"));
        client.close();
        clientClock.set(T0.plus(Duration.ofDays(1)));
        LicenseClient restarted = open(tmp, alpha);
        assertEquals(LicenseCode.EXPIRED, code(restarted, "reports"), "setting the clock back does not revive it");
    }
}
