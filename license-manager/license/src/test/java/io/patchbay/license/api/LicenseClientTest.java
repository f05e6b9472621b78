package io.patchbay.license.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.testing.SimulatedLicenseServer;
import io.patchbay.license.testing.SimulatedMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client end to end against a simulated license server: activation, the token's checks, trials, offline
 * activation and its state across restarts and machines. Leases, renewals and clocks: {@link LicenseLeaseTest}.
 */
class LicenseClientTest extends LicenseClientFixture {

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
}
