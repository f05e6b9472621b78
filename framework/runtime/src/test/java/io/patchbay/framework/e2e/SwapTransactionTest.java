package io.patchbay.framework.e2e;

import io.patchbay.framework.testing.RuntimeFixture;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.STRANGER;
import static io.patchbay.framework.testing.RuntimeFixture.greet;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.HealthGateException;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.store.Sha256;
import io.patchbay.testsupport.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class SwapTransactionTest {
    @TempDir
    Path root;
    RuntimeFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RuntimeFixture(root);
    }

    private static Bundle greeterBundle(Patchbay patchbay) {
        return patchbay.bundleContext().getBundle("patchbay:" + GREETER);
    }


    @Test
    void theFirstStartCommitsTheInitialBundlesAsLevelOne() {
        byte[] v1 = greeter("1.0.0", "hello v1").signedBy(PUBLISHER);
        try (Patchbay patchbay = fixture.builder().initialBundles(List.of(fixture.jarFile("g.jar", v1))).start()) {
            PatchLevel level = patchbay.patchLevel();
            assertEquals(1, level.sequence());
            assertEquals(List.of(new PatchLevel.BundleRecord(GREETER, "1.0.0", Sha256.hex(v1))), level.bundles());
            assertEquals(RuntimeFixture.NOW, level.committedAt());
            assertEquals("hello v1, bob", greet(patchbay));
            assertEquals(Bundle.ACTIVE, greeterBundle(patchbay).getState());
            assertTrue(Files.isDirectory(fixture.dataDirectory.resolve("felix-cache")));
            assertFalse(Files.exists(Path.of("felix-cache")), "nothing is written to the working directory");
        }
    }

    @Test
    void aGoodPatchCommitsWithEventsAfterEachStepAndSurvivesARestart() throws Exception {
        byte[] v2 = greeter("2.0.0", "hello v2").signedBy(PUBLISHER);
        List<String> events = new ArrayList<>();
        List<String> journalAtEvents = new ArrayList<>();
        SwapResult result;
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            PatchLevel before = patchbay.patchLevel();
            patchbay.addListener(e -> {
                events.add(e.step() + ":" + e.phase());
                if (e.phase() == SwapEvent.Phase.FINISHED && (e.step() == SwapStep.JOURNAL || e.step() == SwapStep.COMMIT)) {
                    journalAtEvents.add(readJournal());
                }
            });
            result = patchbay.apply(patch("release-2", v2));
            assertEquals(Outcome.COMMITTED, result.outcome(), () -> String.valueOf(result.cause()));
            assertTrue(result.committed());
            assertEquals(before, result.before());
            assertEquals(2, result.after().sequence());
            assertEquals(result.after(), patchbay.patchLevel());
            assertEquals("hello v2, bob", greet(patchbay));
            assertEquals("2.0.0", greeterBundle(patchbay).getVersion().toString());
            assertNull(result.cause());
        }
        assertEquals(List.of("VERIFY:STARTED", "VERIFY:FINISHED", "STAGE:STARTED", "STAGE:FINISHED", "JOURNAL:STARTED",
                "JOURNAL:FINISHED", "APPLY:STARTED", "APPLY:PROGRESS", "APPLY:FINISHED", "START:STARTED", "START:PROGRESS",
                "START:FINISHED", "HEALTH:STARTED", "HEALTH:FINISHED", "COMMIT:STARTED", "COMMIT:FINISHED"), events);
        assertEquals(List.of(SwapStep.VERIFY, SwapStep.STAGE, SwapStep.JOURNAL, SwapStep.APPLY, SwapStep.START,
                SwapStep.HEALTH, SwapStep.COMMIT), new ArrayList<>(result.timings().keySet()));
        assertTrue(journalAtEvents.get(0).contains("INTENT\t" + result.transactionId()), "intent is on disk at JOURNAL:FINISHED");
        assertFalse(journalAtEvents.get(0).contains("COMMIT\t" + result.transactionId()));
        assertTrue(journalAtEvents.get(1).contains("COMMIT\t" + result.transactionId()), "commit is on disk at COMMIT:FINISHED");
        byte[] v1 = Files.readAllBytes(fixture.work.resolve("greeter-1.jar"));
        assertEquals(List.of(Sha256.hex(v1) + ".jar", Sha256.hex(v2) + ".jar").stream().sorted().toList(), fixture.storeEntries(),
                "the store keeps the committed and the previous version");
        try (Patchbay again = fixture.builder().start()) {
            assertEquals(2, again.patchLevel().sequence());
            assertEquals("hello v2, bob", greet(again));
        }
    }

    @Test
    void theStoreDropsVersionsNoRollbackNeeds() {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            byte[] v2 = greeter("2.0.0", "v2").signedBy(PUBLISHER);
            byte[] v3 = greeter("3.0.0", "v3").signedBy(PUBLISHER);
            assertTrue(patchbay.apply(patch("2", v2)).committed());
            assertTrue(patchbay.apply(patch("3", v3)).committed());
            assertEquals(List.of(Sha256.hex(v2) + ".jar", Sha256.hex(v3) + ".jar").stream().sorted().toList(), fixture.storeEntries());
        }
    }

    @Test
    void aThrowingActivatorRollsBackToTheCommittedVersion() {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            List<String> events = new ArrayList<>();
            patchbay.addListener(e -> events.add(e.step() + ":" + e.phase()));
            SwapResult result = patchbay.apply(patch("bad", greeter("2.0.0", "hello v2").header("Test-Start", "throw").signedBy(PUBLISHER)));
            assertEquals(Outcome.ROLLED_BACK, result.outcome());
            assertTrue(result.cause().getMessage().contains("refuses to start") || String.valueOf(result.cause().getCause()).contains("refuses to start"),
                    String.valueOf(result.cause()));
            assertNull(result.rollbackFailure());
            assertEquals(1, patchbay.patchLevel().sequence());
            assertEquals(result.before(), result.after());
            assertEquals("1.0.0", greeterBundle(patchbay).getVersion().toString());
            assertEquals(Bundle.ACTIVE, greeterBundle(patchbay).getState());
            assertEquals("hello v1, bob", greet(patchbay));
            assertTrue(events.containsAll(List.of("START:FAILED", "ROLLBACK:STARTED", "ROLLBACK:FINISHED")), events.toString());
            assertFalse(events.contains("HEALTH:STARTED"));
            assertTrue(result.timings().containsKey(SwapStep.ROLLBACK));
        }
        try (Patchbay again = fixture.builder().start()) {
            assertEquals(1, again.patchLevel().sequence());
            assertEquals("hello v1, bob", greet(again));
        }
    }

    @Test
    void failingThrowingAndHangingHealthChecksRollBack() {
        try (Patchbay patchbay = fixture.builder().healthTimeout(Duration.ofMillis(300))
                .initialBundles(List.of(fixture.jarFile("g.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER)))).start()) {
            for (String mode : List.of("fail", "throw", "hang")) {
                SwapResult result = patchbay.apply(patch(mode, greeter("2.0.0", "v2").header("Test-Health", mode).signedBy(PUBLISHER)));
                assertEquals(Outcome.ROLLED_BACK, result.outcome(), mode);
                assertTrue(result.cause() instanceof HealthGateException, String.valueOf(result.cause()));
                String expected = switch (mode) {
                    case "fail" -> "database unreachable";
                    case "throw" -> "health check exploded";
                    default -> "did not answer within";
                };
                assertTrue(result.cause().getMessage().contains(expected), result.cause().getMessage());
                assertEquals("hello v1, bob", greet(patchbay));
                assertEquals(1, patchbay.patchLevel().sequence());
            }
        }
    }

    @Test
    void aBundleAddedByAFailedPatchIsUninstalled() {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            byte[] extra = ActivatorBundles.activatorBundle("com.acme.extra", "1.0.0").header("Test-Start", "throw").signedBy(PUBLISHER);
            SwapResult result = patchbay.apply(patch("two", greeter("2.0.0", "v2").signedBy(PUBLISHER), extra));
            assertEquals(Outcome.ROLLED_BACK, result.outcome());
            assertNull(patchbay.bundleContext().getBundle("patchbay:com.acme.extra"));
            assertEquals("1.0.0", greeterBundle(patchbay).getVersion().toString());
            assertEquals("hello v1, bob", greet(patchbay));
            SwapResult added = patchbay.apply(patch("extra", ActivatorBundles.activatorBundle("com.acme.extra", "1.0.0").signedBy(PUBLISHER)));
            assertTrue(added.committed(), String.valueOf(added.cause()));
            assertEquals(List.of("com.acme.extra", GREETER), patchbay.patchLevel().bundles().stream()
                    .map(PatchLevel.BundleRecord::symbolicName).toList());
        }
    }

    @Test
    void aRejectedPatchTouchesNothing() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            byte[] journal = Files.readAllBytes(fixture.journal());
            List<String> store = fixture.storeEntries();
            long modified = greeterBundle(patchbay).getLastModified();
            List<String> events = new ArrayList<>();
            patchbay.addListener(e -> events.add(e.step() + ":" + e.phase()));

            SwapResult unsigned = patchbay.apply(patch("unsigned", greeter("2.0.0", "v2").build()));
            SwapResult stranger = patchbay.apply(patch("stranger", greeter("2.0.0", "v2").signedBy(STRANGER)));
            SwapResult downgrade = patchbay.apply(patch("old", greeter("0.9.0", "v0").signedBy(PUBLISHER)));

            assertEquals(BundleRejectedException.Reason.UNSIGNED_ENTRY, ((BundleRejectedException) unsigned.cause()).reason());
            assertEquals(BundleRejectedException.Reason.UNKNOWN_SIGNER, ((BundleRejectedException) stranger.cause()).reason());
            assertEquals(BundleRejectedException.Reason.UNINTENDED_DOWNGRADE, ((BundleRejectedException) downgrade.cause()).reason());
            for (SwapResult result : List.of(unsigned, stranger, downgrade)) {
                assertEquals(Outcome.REJECTED, result.outcome());
                assertEquals(result.before(), result.after());
            }
            assertEquals(List.of("VERIFY:STARTED", "VERIFY:FAILED"), events.subList(0, 2));
            assertArrayEquals(journal, Files.readAllBytes(fixture.journal()));
            assertEquals(store, fixture.storeEntries());
            assertEquals(modified, greeterBundle(patchbay).getLastModified());
            assertEquals(1, patchbay.patchLevel().sequence());
            assertEquals("hello v1, bob", greet(patchbay));
            assertTrue(patchbay.apply(patch("old", greeter("0.9.0", "v0").signedBy(PUBLISHER)).withDowngradeAllowed()).committed());
        }
    }

    @Test
    void oneRuntimePerDataDirectoryAndStopIsFinal() {
        Patchbay patchbay = fixture.startWithGreeterV1();
        try {
            PatchbayException e = assertThrows(PatchbayException.class, () -> fixture.builder().start());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        } finally {
            patchbay.stop();
        }
        patchbay.stop();
        assertThrows(IllegalStateException.class, () -> patchbay.apply(patch("late", greeter("2.0.0", "v2").signedBy(PUBLISHER))));
        try (Patchbay again = fixture.builder().start()) {
            assertEquals(1, again.patchLevel().sequence());
        }
    }

    private String readJournal() {
        try {
            return Files.readString(fixture.journal());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
