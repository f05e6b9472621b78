package io.patchbay.license.impl.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.InsecureKeyFileException;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.testing.SimulatedMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdentityTest {

    @TempDir
    Path dir;

    private final Fingerprints fingerprints = new Fingerprints("com.example.app");

    private LicenseClaims boundTo(InstanceIdentity identity) {
        return new LicenseClaims("lic-1", "C", identity.publicKey(), identity.fingerprint(),
                List.of(FeatureGrant.of("f")), Instant.parse("2026-01-01T00:00:00Z"), null, null, null);
    }

    @Test
    void keyIsCreatedOwnerOnlyOnceAndReadBack() throws Exception {
        SigningKeyPair first = InstanceKeys.loadOrCreate(dir.resolve("license"), new SecureRandom());
        Path file = dir.resolve("license").resolve(InstanceKeys.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        SigningKeyPair again = InstanceKeys.loadOrCreate(dir.resolve("license"), new SecureRandom());
        assertEquals(first.publicKey(), again.publicKey());
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        InstanceKeys.loadOrCreate(dir, new SecureRandom());
        Files.setPosixFilePermissions(dir.resolve(InstanceKeys.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        assertThrows(InsecureKeyFileException.class, () -> InstanceKeys.loadOrCreate(dir, new SecureRandom()));
    }

    @Test
    void theBoundInstanceMatchesAndToleratesOneChange() throws Exception {
        SigningKeyPair key = InstanceKeys.loadOrCreate(dir, new SecureRandom());
        SimulatedMachine machine = SimulatedMachine.server("alpha");
        LicenseClaims claims = boundTo(new InstanceIdentity(key, fingerprints.of(machine)));
        new InstanceIdentity(key, fingerprints.of(machine)).checkBinding(claims);
        new InstanceIdentity(key, fingerprints.of(machine.withOneNicReplaced())).checkBinding(claims);
    }

    @Test
    void aDataDirectoryCopiedToAnotherMachineIsAMismatch() throws Exception {
        SigningKeyPair key = InstanceKeys.loadOrCreate(dir.resolve("a"), new SecureRandom());
        LicenseClaims claims = boundTo(new InstanceIdentity(key, fingerprints.of(SimulatedMachine.server("alpha"))));
        Path copy = dir.resolve("b");
        Files.createDirectories(copy);
        Files.copy(dir.resolve("a").resolve(InstanceKeys.FILE), copy.resolve(InstanceKeys.FILE));
        SigningKeyPair copied = InstanceKeys.loadOrCreate(copy, new SecureRandom());
        assertEquals(key.publicKey(), copied.publicKey());
        InstanceIdentity elsewhere = new InstanceIdentity(copied, fingerprints.of(SimulatedMachine.server("beta")));
        LicenseException e = assertThrows(LicenseException.class, () -> elsewhere.checkBinding(claims));
        assertEquals(LicenseCode.FINGERPRINT_MISMATCH, e.code());
        assertTrue(e.getMessage().contains("machine-id"), e.getMessage());
    }

    @Test
    void aLicenseForAnotherInstanceKeyIsAMismatchEvenOnTheSameMachine() throws Exception {
        SimulatedMachine machine = SimulatedMachine.server("alpha");
        InstanceIdentity a = new InstanceIdentity(InstanceKeys.loadOrCreate(dir.resolve("a"), new SecureRandom()),
                fingerprints.of(machine));
        InstanceIdentity b = new InstanceIdentity(InstanceKeys.loadOrCreate(dir.resolve("b"), new SecureRandom()),
                fingerprints.of(machine));
        assertEquals(LicenseCode.FINGERPRINT_MISMATCH,
                assertThrows(LicenseException.class, () -> b.checkBinding(boundTo(a))).code());
    }

    @Test
    void containersSharingAMachineIdStillHaveTheirOwnStableIdentity() throws Exception {
        SimulatedMachine image = SimulatedMachine.server("image").containerised();
        SigningKeyPair podA = InstanceKeys.loadOrCreate(dir.resolve("volume-a"), new SecureRandom());
        SigningKeyPair podB = InstanceKeys.loadOrCreate(dir.resolve("volume-b"), new SecureRandom());
        assertNotEquals(podA.publicKey(), podB.publicKey());
        LicenseClaims claims = boundTo(new InstanceIdentity(podA, fingerprints.of(image)));
        // Pod A restarted on another node with the same volume: new host name, MAC, node machine id.
        SimulatedMachine restarted = SimulatedMachine.server("node-3").containerised().withMachineId(null);
        new InstanceIdentity(InstanceKeys.loadOrCreate(dir.resolve("volume-a"), new SecureRandom()),
                fingerprints.of(restarted)).checkBinding(claims);
        assertEquals(LicenseCode.FINGERPRINT_MISMATCH, assertThrows(LicenseException.class,
                () -> new InstanceIdentity(podB, fingerprints.of(image)).checkBinding(claims)).code());
    }
}
