package io.patchbay.framework.attacks;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.NOW;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.LocalStateException;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.framework.testing.RuntimeFixture;
import io.patchbay.testsupport.Hashes;
import io.patchbay.testsupport.RawFelix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hole 2: forged local state may cause a refusal, never unsigned code running; a missing journal fails closed and
 * nothing is deleted on a guess. Each attack edits the data directory of a stopped host, then starts it.
 */
class ForgedStateTest {
    private static final String EVIL = "com.acme.evil";

    @TempDir
    Path root;
    RuntimeFixture fixture;
    Path marker;

    @BeforeEach
    void levelTwo() {
        fixture = new RuntimeFixture(root);
        marker = root.resolve("evil-ran.txt");
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            assertTrue(patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER))).committed());
        }
    }

    @Test
    void aForgedCommitOfAnUnsignedJarInTheStoreIsRefusedAndNothingRuns() throws Exception {
        byte[] evil = ActivatorBundles.activatorBundle(EVIL, "1.0.0").header("Test-Marker", marker.toString()).build();
        String hash = Hashes.sha256Hex(evil);
        Files.write(fixture.dataDirectory.resolve("store").resolve(hash + ".jar"), evil);
        try (Journal journal = Journal.open(fixture.journal())) {
            List<BundleRecord> forged = new ArrayList<>(journal.state().level().bundles());
            forged.add(new BundleRecord(EVIL, "1.0.0", hash));
            journal.append(journal.nextCommit("forged-tx", NOW, forged));
        }
        Map<String, byte[]> before = snapshot(fixture.dataDirectory.resolve("store"));
        byte[] journalBefore = Files.readAllBytes(fixture.journal());

        LocalStateException refused = assertThrows(LocalStateException.class, () -> fixture.builder().start());
        assertTrue(refused.getMessage().contains(hash + ".jar") && refused.getMessage().contains("publisher gate")
                && refused.getMessage().contains("UNSIGNED_ENTRY"), refused.getMessage());

        assertFalse(Files.exists(marker), "the unsigned bundle's activator must never run");
        assertArrayEquals(journalBefore, Files.readAllBytes(fixture.journal()), "the journal is left as it was");
        assertEquals(before.keySet(), snapshot(fixture.dataDirectory.resolve("store")).keySet(), "nothing deleted");
        try (RawFelix felix = RawFelix.open(fixture.dataDirectory.resolve("felix-cache"), ActivatorBundles.HOST_PACKAGES, false)) {
            assertNull(felix.context().getBundle("patchbay:" + EVIL), "the unsigned bundle was never installed");
        }
    }

    @Test
    void aStoreEntrySwappedForAnotherSignedJarUnderTheCommittedNameIsRefused() throws Exception {
        // a jar signed by the trusted publisher, but not the one the journal commits: the store re-hashes on read
        byte[] other = greeter("2.0.0", "not what was committed").signedBy(PUBLISHER);
        String committed;
        try (Journal journal = Journal.open(fixture.journal())) {
            committed = journal.state().level().bundle(GREETER).orElseThrow().sha256();
        }
        Path entry = fixture.dataDirectory.resolve("store").resolve(committed + ".jar");
        Files.write(entry, other);
        // and the cache's copy too, so no verified copy is left to heal from
        for (Path jar : cachedJars()) {
            Files.write(jar, other);
        }
        LocalStateException refused = assertThrows(LocalStateException.class, () -> fixture.builder().start());
        assertTrue(refused.getMessage().contains(entry.toString()), refused.getMessage());
        assertArrayEquals(other, Files.readAllBytes(entry), "the evidence stays where it was");
    }

    @Test
    void aDeletedJournalBesideAStoreFailsClosedUntilAnExplicitReset() throws Exception {
        Map<String, byte[]> store = snapshot(fixture.dataDirectory.resolve("store"));
        Map<String, byte[]> cache = snapshot(fixture.dataDirectory.resolve("felix-cache"));
        Files.delete(fixture.journal());

        LocalStateException withInitial = assertThrows(LocalStateException.class, () -> fixture.startWithGreeterV1());
        assertTrue(withInitial.getMessage().contains("journal") && withInitial.getMessage().contains("resetLocalState"),
                withInitial.getMessage());
        assertThrows(LocalStateException.class, () -> fixture.builder().start(), "without initial bundles too");
        assertEquals(store.keySet(), snapshot(fixture.dataDirectory.resolve("store")).keySet(), "no store file deleted");
        assertEquals(cache.keySet(), snapshot(fixture.dataDirectory.resolve("felix-cache")).keySet(), "cache untouched");

        Path aside = Patchbay.resetLocalState(fixture.dataDirectory);
        assertTrue(aside.startsWith(fixture.dataDirectory) && aside.getFileName().toString().startsWith("reset-"));
        assertEquals(store.keySet(), snapshot(aside.resolve("store")).keySet(), "moved aside, not deleted");
        try (Patchbay fresh = fixture.startWithGreeterV1()) {
            assertEquals(1, fresh.patchLevel().sequence(), "a fresh start from the initial bundles");
        }
    }

    @Test
    void aJournalDamagedInTheMiddleFailsClosedAndSaysWhatToDo() throws Exception {
        try (Patchbay patchbay = fixture.builder().start()) {
            assertTrue(patchbay.apply(patch("v3", greeter("3.0.0", "hello v3").signedBy(PUBLISHER))).committed());
        }
        byte[] journal = Files.readAllBytes(fixture.journal());
        journal[10] ^= 0x01; // inside the first record, followed by good ones
        Files.write(fixture.journal(), journal);
        LocalStateException refused = assertThrows(LocalStateException.class, () -> fixture.builder().start());
        assertTrue(refused.getMessage().contains(fixture.journal().toString())
                && refused.getMessage().contains("resetLocalState"), refused.getMessage());
        assertArrayEquals(journal, Files.readAllBytes(fixture.journal()), "the journal is left for inspection");
    }

    private List<Path> cachedJars() throws IOException {
        try (Stream<Path> files = Files.walk(fixture.dataDirectory.resolve("felix-cache"))) {
            return files.filter(p -> p.getFileName().toString().equals("bundle.jar")).toList();
        }
    }

    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
