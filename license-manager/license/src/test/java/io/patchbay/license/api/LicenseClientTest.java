package io.patchbay.license.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.testing.RecordingCallbacks;
import io.patchbay.license.testing.SimulatedLicenseServer;
import io.patchbay.license.testing.SimulatedMachine;
import io.patchbay.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client end to end against a simulated license server, with injected clocks (the client's can be set back
 * while the server's runs on) and simulated machines. No sleeps: time moves by hand and {@code tick()} runs.
 */
class LicenseClientTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final LeasePolicy LEASE = new LeasePolicy(Duration.ofHours(1), Duration.ofDays(3));

    @TempDir
    Path tmp;

    private final MutableClock clientClock = new MutableClock(T0);
    private final MutableClock serverClock = new MutableClock(T0);
    private final SigningKeyPair vendor = SigningKeyPair.generate(new SecureRandom());
    private final RecordingCallbacks callbacks = new RecordingCallbacks();
    private final SimulatedMachine alpha = SimulatedMachine.server("alpha");
    private SimulatedLicenseServer server = server(T0.plus(Duration.ofDays(365)));

    private SimulatedLicenseServer server(Instant expiry) {
        return new SimulatedLicenseServer(vendor, serverClock, "KEY-ACME-1",
                List.of(FeatureGrant.of("reports"), FeatureGrant.of("export")), expiry, LEASE);
    }

    private LicenseClient open(Path dir, FingerprintSource machine) throws IOException {
        return LicenseClient.builder().dataDirectory(dir).applicationId("com.example.app")
                .vendorKeys(server.trustedKeys()).clock(clientClock).fingerprint(machine).transport(server)
                .callbacks(callbacks).open();
    }

    private LicenseClient activated(Path dir) throws Exception {
        LicenseClient client = open(dir, alpha);
        client.activate("KEY-ACME-1");
        return client;
    }

    /** Both clocks move together, the client ticking every {@code step}. */
    private void run(LicenseClient client, Duration total, Duration step) {
        for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plus(step)) {
            clientClock.advance(step);
            serverClock.advance(step);
            client.tick();
        }
    }

    private static LicenseCode code(LicenseClient client, String feature) {
        return client.entitlements().status(feature).code();
    }

    @Test
    void withoutALicenseEveryFeatureIsOffAndMissing() throws Exception {
        LicenseClient client = open(tmp, alpha);
        assertFalse(client.entitlements().enabled("reports"));
        assertEquals(LicenseCode.FEATURE_MISSING, code(client, "reports"));
        assertTrue(client.entitlements().snapshot().isEmpty());
        assertTrue(callbacks.events.isEmpty());
    }

    @Test
    void activationEnablesFeaturesLiveAndTellsListenersAndTheHost() throws Exception {
        LicenseClient client = open(tmp, alpha);
        List<Map<String, FeatureStatus>> changes = new ArrayList<>();
        client.entitlements().addListener(changes::add);
        client.activate("KEY-ACME-1");
        assertTrue(client.entitlements().enabled("reports"));
        assertTrue(client.entitlements().enabled("export"));
        assertFalse(client.entitlements().enabled("other"));
        assertEquals(LicenseCode.FEATURE_MISSING, code(client, "other"));
        assertEquals(1, changes.size());
        assertEquals(Map.of("reports", LicenseCode.VALID, "export", LicenseCode.VALID),
                Map.of("reports", changes.get(0).get("reports").code(), "export", changes.get(0).get("export").code()));
        assertTrue(callbacks.drain().containsAll(List.of("enabled reports", "enabled export")));
        client.tick();
        assertEquals(1, changes.size(), "no change, no notification");
    }

    @Test
    void aDataDirectoryCopiedToAnotherMachineIsAFingerprintMismatch() throws Exception {
        Path original = tmp.resolve("alpha");
        activated(original).close();
        Path copy = tmp.resolve("beta");
        copyTree(original, copy);
        LicenseClient elsewhere = open(copy, SimulatedMachine.server("beta"));
        assertFalse(elsewhere.entitlements().enabled("reports"));
        assertEquals(LicenseCode.FINGERPRINT_MISMATCH, code(elsewhere, "reports"));
        assertEquals(LicenseCode.FINGERPRINT_MISMATCH, code(elsewhere, "anything"));
        assertTrue(elsewhere.license().isEmpty());
        assertFalse(elsewhere.entitlements().snapshot().get("export").enabled());
    }

    @Test
    void oneChangedComponentKeepsTheLicense() throws Exception {
        Path dir = tmp.resolve("alpha");
        activated(dir).close();
        LicenseClient newNic = open(dir, alpha.withOneNicReplaced());
        assertEquals(LicenseCode.VALID, code(newNic, "reports"));
        LicenseClient renamed = open(dir, alpha.withHost("alpha-renamed.example.com"));
        assertEquals(LicenseCode.VALID, code(renamed, "reports"));
    }

    @Test
    void aTamperedTokenIsRefusedAndTheInstalledLicenseStays() throws Exception {
        LicenseClient client = activated(tmp);
        String token = Files.readString(tmp.resolve("license.jws")).trim();
        String[] p = token.split("\\.");
        String tampered = p[0] + "." + p[1].substring(0, 10) + (p[1].charAt(10) == 'A' ? 'B' : 'A')
                + p[1].substring(11) + "." + p[2];
        LicenseException e = assertThrows(LicenseException.class, () -> client.importToken(tampered));
        assertEquals(LicenseCode.BAD_SIGNATURE, e.code());
        assertEquals(token, Files.readString(tmp.resolve("license.jws")).trim());
        assertTrue(client.entitlements().enabled("reports"));
    }

    @Test
    void aTokenFromAnUnknownVendorKeyIsRefused() throws Exception {
        LicenseClient client = open(tmp, alpha);
        SigningKeyPair stranger = SigningKeyPair.generate(new SecureRandom());
        LicenseClaims claims = new LicenseClaims("lic-x", "X", client.instanceKey(), client.fingerprint(),
                List.of(FeatureGrant.of("reports")), T0, null, null, null);
        assertEquals(LicenseCode.UNKNOWN_KEY, assertThrows(LicenseException.class,
                () -> client.importToken(LicenseTokens.issue(claims, stranger, "stranger"))).code());
        assertEquals(LicenseCode.BAD_SIGNATURE, assertThrows(LicenseException.class,
                () -> client.importToken(LicenseTokens.issue(claims, stranger, SimulatedLicenseServer.KEY_ID))).code());
        assertFalse(client.entitlements().enabled("reports"));
    }

    @Test
    void aStoredLicenseWhoseKeyIsNoLongerTrustedIsUnknownKeyAtStart() throws Exception {
        activated(tmp).close();
        LicenseClient rotated = LicenseClient.builder().dataDirectory(tmp).applicationId("com.example.app")
                .vendorKeys(Map.of("vendor-2027", SigningKeyPair.generate(new SecureRandom()).publicKey()))
                .clock(clientClock).fingerprint(alpha).open();
        assertEquals(LicenseCode.UNKNOWN_KEY, code(rotated, "reports"));
    }

    @Test
    void anExpiredTokenImportsButItsFeaturesAreExpired() throws Exception {
        LicenseClient client = open(tmp, alpha);
        LicenseClaims old = new LicenseClaims("lic-old", "X", client.instanceKey(), client.fingerprint(),
                List.of(FeatureGrant.of("reports")), T0.minus(Duration.ofDays(60)), T0.minus(Duration.ofDays(30)),
                null, null);
        client.importToken(LicenseTokens.issue(old, vendor, SimulatedLicenseServer.KEY_ID));
        assertEquals(LicenseCode.EXPIRED, code(client, "reports"));
        assertFalse(client.entitlements().enabled("reports"));
    }

    @Test
    void aTrialExpiresLiveAndTheUserIsToldWhyAndWarnedBefore() throws Exception {
        server = server(T0.plus(Duration.ofDays(14)));
        LicenseClient client = activated(tmp);
        assertTrue(callbacks.drain().containsAll(List.of("enabled reports",
                "expiring reports " + T0.plus(Duration.ofDays(14)))), "a 14-day warning period starts at once");
        run(client, Duration.ofDays(1), Duration.ofHours(6));
        assertFalse(callbacks.drain().stream().anyMatch(e -> e.startsWith("expiring")), "warned once");
        run(client, Duration.ofDays(13).minusHours(6), Duration.ofHours(6));
        assertTrue(client.entitlements().enabled("reports"));
        run(client, Duration.ofHours(6), Duration.ofHours(6));
        assertEquals(LicenseCode.EXPIRED, code(client, "reports"));
        assertFalse(client.entitlements().enabled("reports"));
        assertTrue(callbacks.events.contains("disabled reports EXPIRED"), callbacks.events.toString());
        assertTrue(callbacks.messages.stream().anyMatch(m -> m.contains("'reports'") && m.contains("expired")),
                callbacks.messages.toString());
    }

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

    @Test
    void offlineActivationThroughARequestFile() throws Exception {
        LicenseClient client = LicenseClient.builder().dataDirectory(tmp.resolve("data"))
                .applicationId("com.example.app").vendorKeys(server.trustedKeys()).clock(clientClock)
                .fingerprint(alpha).open();
        Path requestFile = tmp.resolve("activation-request.jws");
        client.writeActivationRequest("KEY-ACME-1", requestFile);
        ActivationRequest request = LicenseTokens.verifyActivationRequest(Files.readString(requestFile).trim());
        assertEquals(client.instanceKey(), request.instanceKey());
        assertEquals(client.fingerprint(), request.fingerprint());
        assertEquals(T0, request.issuedAt());
        String token = server.offlineActivate(Files.readString(requestFile));
        client.importToken(token);
        assertEquals(LicenseCode.VALID, code(client, "reports"));
        assertThrows(IOException.class, () -> client.activate("KEY-ACME-1"), "no transport: offline only");
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        LicenseClient client = activated(tmp);
        run(client, Duration.ofHours(2), Duration.ofMinutes(30));
        int renewals = server.renewals();
        client.close();
        LicenseClient restarted = open(tmp, alpha);
        assertEquals(LicenseCode.VALID, code(restarted, "reports"));
        assertEquals(client.instanceKey(), restarted.instanceKey());
        restarted.tick();
        assertEquals(renewals, server.renewals(), "not due yet: the stored grant says when");
        clientClock.advance(LEASE.checkInInterval());
        serverClock.advance(LEASE.checkInInterval());
        restarted.tick();
        assertEquals(renewals + 1, server.renewals());
        assertTrue(server.flags().isEmpty(), "the stored freshness value was presented");
    }

    @Test
    void aContainerKeepsItsLicenseWhenRescheduledWithItsVolume() throws Exception {
        Path volume = tmp.resolve("pvc-0");
        LicenseClient pod = open(volume, SimulatedMachine.server("node-1").containerised());
        pod.activate("KEY-ACME-1");
        pod.close();
        // Rescheduled onto another node: new host name, MACs and node machine id; the same volume.
        LicenseClient moved = open(volume, SimulatedMachine.server("node-2").containerised().withMachineId(null));
        assertEquals(LicenseCode.VALID, code(moved, "reports"));
        assertEquals(pod.instanceKey(), moved.instanceKey());
        // Another replica on its own volume is another instance: the license is not its own.
        LicenseClient replica = open(tmp.resolve("pvc-1"), SimulatedMachine.server("node-1").containerised());
        String token = Files.readString(volume.resolve("license.jws")).trim();
        assertEquals(LicenseCode.FINGERPRINT_MISMATCH,
                assertThrows(LicenseException.class, () -> replica.importToken(token)).code());
    }

    @Test
    void floodedOrGarbledStateFilesAreRefusedWithAReasonAndTheHostStillStarts() throws Exception {
        activated(tmp).close();
        Files.writeString(tmp.resolve("license.jws"), "x".repeat(1 << 20));
        Files.writeString(tmp.resolve("lease.jws"), "{}");
        Files.writeString(tmp.resolve("trusted-time.jws"), "\u0000garbage");
        LicenseClient client = open(tmp, alpha);
        assertEquals(LicenseCode.BAD_SIGNATURE, code(client, "reports"));
        assertFalse(client.entitlements().enabled("reports"));
        client.activate("KEY-ACME-1");
        assertEquals(LicenseCode.VALID, code(client, "reports"));
    }

    @Test
    void aReplacementTokenInAGrantIsInstalledOnlyIfItIsBoundHere() throws Exception {
        LicenseClient client = activated(tmp);
        LicenseClaims current = client.license().orElseThrow();
        LicenseClaims foreign = new LicenseClaims(current.licenseId(), "X",
                SigningKeyPair.generate(new SecureRandom()).publicKey().base64Url(), Map.of(),
                List.of(FeatureGrant.of("reports"), FeatureGrant.of("everything")), T0, null, null, null);
        server.nextToken(LicenseTokens.issue(foreign, vendor, SimulatedLicenseServer.KEY_ID));
        run(client, LEASE.checkInInterval(), Duration.ofMinutes(30));
        assertFalse(client.entitlements().enabled("everything"));
        assertEquals(current, client.license().orElseThrow());
        LicenseClaims upgrade = new LicenseClaims(current.licenseId(), current.customer(), current.instanceKey(),
                current.fingerprint(), List.of(FeatureGrant.of("reports"), FeatureGrant.of("everything")), T0,
                current.expiresAt(), current.lease(), null);
        server.nextToken(LicenseTokens.issue(upgrade, vendor, SimulatedLicenseServer.KEY_ID));
        run(client, LEASE.checkInInterval(), Duration.ofMinutes(30));
        assertTrue(client.entitlements().enabled("everything"), "features added live at a renewal");
        assertFalse(client.entitlements().enabled("export"), "and a feature left out is off");
        assertEquals(LicenseCode.FEATURE_MISSING, code(client, "export"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The lease client's retry delay, as the tests need it. */
    private static final class LeaseClientRetry {
        static final Duration RETRY = Duration.ofMinutes(5);
    }
}
