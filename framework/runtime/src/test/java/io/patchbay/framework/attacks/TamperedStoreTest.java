package io.patchbay.framework.attacks;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greet;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.LocalStateException;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.testing.RuntimeFixture;
import io.patchbay.testsupport.Hashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Hole 5: a byte flipped in the committed store entry while the host runs. The store heals from a verified source
 * (the running revision's own jar when it hashes right, or a later patch carrying the same bytes); a rejected bundle
 * never stays serving, and the patch level never claims what is not running.
 */
class TamperedStoreTest {
    @TempDir
    Path root;
    RuntimeFixture fixture;
    byte[] v2;
    Path v2Entry;

    @BeforeEach
    void levelTwo() {
        fixture = new RuntimeFixture(root);
        v2 = greeter("2.0.0", "hello v2").signedBy(PUBLISHER);
        v2Entry = fixture.dataDirectory.resolve("store").resolve(Hashes.sha256Hex(v2) + ".jar");
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            assertTrue(patchbay.apply(patch("v2", v2)).committed());
        }
    }

    @Test
    void aFailingPatchOverATamperedEntryRollsBackToTheHealedCommittedBytes() throws Exception {
        try (Patchbay patchbay = fixture.builder().start()) {
            flipByte(v2Entry);
            SwapResult result = patchbay.apply(patch("unhealthy",
                    greeter("3.0.0", "hello v3").header("Test-Health", "fail").signedBy(PUBLISHER)));
            assertEquals(Outcome.ROLLED_BACK, result.outcome(), String.valueOf(result.cause()));
            assertArrayEquals(v2, Files.readAllBytes(v2Entry), "healed from the running revision before the swap");
            assertTrue(patchbay.patchLevel().running());
            assertEquals("2.0.0", greeterBundle(patchbay).getVersion().toString());
            assertEquals(Bundle.ACTIVE, greeterBundle(patchbay).getState());
            assertEquals("hello v2, bob", greet(patchbay));
        }
        try (Patchbay restarted = fixture.builder().start()) {
            assertEquals("hello v2, bob", greet(restarted));
        }
    }

    @Test
    void withNoVerifiedCopyLeftThePatchIsRefusedBeforeAnythingChangesAndALaterPatchHeals() throws Exception {
        try (Patchbay patchbay = fixture.builder().start()) {
            flipByte(v2Entry);
            for (Path jar : cachedJarsOf(greeterBundle(patchbay))) {
                flipByte(jar);
            }
            SwapResult refused = patchbay.apply(patch("unhealthy",
                    greeter("3.0.0", "hello v3").header("Test-Health", "fail").signedBy(PUBLISHER)));
            assertEquals(Outcome.REJECTED, refused.outcome());
            assertTrue(refused.cause() instanceof LocalStateException, String.valueOf(refused.cause()));
            assertTrue(refused.cause().getMessage().contains(v2Entry.toString())
                    && refused.cause().getMessage().contains("apply a patch that carries " + GREETER + " 2.0.0 (sha256 "
                    + Hashes.sha256Hex(v2) + ")"), refused.cause().getMessage());
            assertEquals("hello v2, bob", greet(patchbay), "nothing changed: 2.0.0 still serves");

            SwapResult healing = patchbay.apply(patch("v2 again", v2));
            assertEquals(Outcome.COMMITTED, healing.outcome(), String.valueOf(healing.cause()));
            assertArrayEquals(v2, Files.readAllBytes(v2Entry), "a patch carrying the same bytes rewrote the entry");
            SwapResult rolledBack = patchbay.apply(patch("unhealthy",
                    greeter("3.0.0", "hello v3").header("Test-Health", "fail").signedBy(PUBLISHER)));
            assertEquals(Outcome.ROLLED_BACK, rolledBack.outcome(), String.valueOf(rolledBack.cause()));
            assertEquals("hello v2, bob", greet(patchbay));
        }
    }

    @Test
    void aRestartHealsFromTheCacheWhenItHashesRightAndOtherwiseNamesTheFile() throws Exception {
        flipByte(v2Entry);
        try (Patchbay patchbay = fixture.builder().start()) {
            assertEquals("hello v2, bob", greet(patchbay));
        }
        assertArrayEquals(v2, Files.readAllBytes(v2Entry));

        flipByte(v2Entry);
        for (Path jar : allCachedJars()) {
            flipByte(jar);
        }
        LocalStateException refused = assertThrows(LocalStateException.class, () -> fixture.builder().start());
        assertTrue(refused.getMessage().contains(v2Entry.toString()), refused.getMessage());
    }

    private static Bundle greeterBundle(Patchbay patchbay) {
        return patchbay.bundleContext().getBundle("patchbay:" + GREETER);
    }


    private static void flipByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
    }

    private List<Path> cachedJarsOf(Bundle bundle) throws IOException {
        Path archive = bundle.getDataFile("").toPath().getParent();
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(p -> p.getFileName().toString().equals("bundle.jar")).toList();
        }
    }

    private List<Path> allCachedJars() throws IOException {
        try (Stream<Path> files = Files.walk(fixture.dataDirectory.resolve("felix-cache"))) {
            return files.filter(p -> p.getFileName().toString().equals("bundle.jar")).toList();
        }
    }
}
