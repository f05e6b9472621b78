package io.patchbay.framework.e2e;

import io.patchbay.framework.testing.RuntimeFixture;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.NOW;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greet;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.LocalStateException;
import io.patchbay.framework.api.PatchRefusedException;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.store.DurableFiles;
import io.patchbay.framework.impl.store.Sha256;
import io.patchbay.testsupport.RawFelix;
import io.patchbay.testsupport.TestJars;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class RecoveryTest {
    @TempDir
    Path root;
    RuntimeFixture fixture;
    byte[] v2;

    @BeforeEach
    void committedLevelTwo() {
        fixture = new RuntimeFixture(root);
        v2 = greeter("2.0.0", "hello v2").signedBy(PUBLISHER);
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            assertTrue(patchbay.apply(patch("v2", v2)).committed());
        }
    }


    private static PatchLevel.BundleRecord record(String bsn, String version, byte[] jar) {
        return new PatchLevel.BundleRecord(bsn, version, Sha256.hex(jar));
    }

    @Test
    void aSwapInterruptedAfterApplyIsRolledBackBeforeAnyBundleStarts() throws Exception {
        Path marker = root.resolve("started.txt");
        byte[] v3 = greeter("3.0.0", "hello v3").header("Test-Marker", marker.toString()).signedBy(PUBLISHER);
        byte[] extra = ActivatorBundles.activatorBundle("com.acme.extra", "1.0.0").header("Test-Marker", marker.toString()).signedBy(PUBLISHER);
        // the state a crash leaves between APPLY and COMMIT: bytes staged, intent journaled, container changed
        BundleStore store = new BundleStore(fixture.dataDirectory.resolve("store"), new DurableFiles());
        store.put(v3);
        store.put(extra);
        try (Journal journal = Journal.open(fixture.journal())) {
            journal.append(new JournalRecord.Intent("crashed-tx", NOW, "crash", List.of(record(GREETER, "2.0.0", v2)),
                    List.of(record(GREETER, "3.0.0", v3), record("com.acme.extra", "1.0.0", extra))));
        }
        RawFelix felix = RawFelix.open(fixture.dataDirectory.resolve("felix-cache"), ActivatorBundles.HOST_PACKAGES, false);
        felix.context().getBundle("patchbay:" + GREETER).update(new ByteArrayInputStream(v3));
        felix.context().installBundle("patchbay:com.acme.extra", new ByteArrayInputStream(extra)).start();
        felix.close();

        try (Patchbay patchbay = fixture.builder().start()) {
            assertEquals(2, patchbay.patchLevel().sequence());
            Bundle greeter = patchbay.bundleContext().getBundle("patchbay:" + GREETER);
            assertEquals("2.0.0", greeter.getVersion().toString());
            assertEquals(Bundle.ACTIVE, greeter.getState());
            assertNull(patchbay.bundleContext().getBundle("patchbay:com.acme.extra"));
            assertEquals("hello v2, bob", greet(patchbay));
            assertFalse(Files.exists(marker), "neither the interrupted version nor the added bundle ever started");
        }
        String journal = Files.readString(fixture.journal());
        assertTrue(journal.contains("ROLLED_BACK\tcrashed-tx"), journal);
        try (Journal journal2 = Journal.open(fixture.journal())) {
            assertTrue(journal2.state().unfinished().isEmpty());
        }
        assertFalse(fixture.storeEntries().contains(Sha256.hex(v3) + ".jar"), "the interrupted swap's bytes are collected");
    }

    @Test
    void aCacheHoldingOtherBytesThanCommittedIsRepairedFromTheStore() throws Exception {
        byte[] v1 = Files.readAllBytes(fixture.work.resolve("greeter-1.jar"));
        List<Path> cached = cachedJars();
        assertFalse(cached.isEmpty());
        for (Path jar : cached) {
            Files.write(jar, v1);
        }
        try (Patchbay patchbay = fixture.builder().start()) {
            assertEquals("2.0.0", patchbay.bundleContext().getBundle("patchbay:" + GREETER).getVersion().toString());
            assertEquals("hello v2, bob", greet(patchbay));
        }
    }

    @Test
    void anUnreadableCacheIsRebuiltFromTheStore() throws Exception {
        for (Path jar : cachedJars()) {
            Files.writeString(jar, "not a jar at all");
        }
        try (Stream<Path> files = Files.walk(fixture.dataDirectory.resolve("felix-cache"))) {
            for (Path info : files.filter(p -> p.getFileName().toString().equals("bundle.info")).toList()) {
                Files.writeString(info, "garbage\n");
            }
        }
        try (Patchbay patchbay = fixture.builder().start()) {
            assertEquals(2, patchbay.patchLevel().sequence());
            assertEquals("hello v2, bob", greet(patchbay));
        }
    }

    @Test
    void aCacheTheContainerCannotOpenIsWipedAndRebuilt() throws Exception {
        Path cache = fixture.dataDirectory.resolve("felix-cache");
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(cache, "a file where the cache directory should be");
        try (Patchbay patchbay = fixture.builder().start()) {
            assertTrue(Files.isDirectory(cache));
            assertEquals("hello v2, bob", greet(patchbay));
        }
    }

    @Test
    void aFailedRollbackStopsTheRejectedCodeRefusesSwapsAndIsRetriedUntilItSucceeds() throws Exception {
        Path v2Entry = fixture.dataDirectory.resolve("store").resolve(Sha256.hex(v2) + ".jar");
        try (Patchbay patchbay = fixture.builder().recoveryRetry(java.time.Duration.ofMillis(20)).start()) {
            java.util.concurrent.CountDownLatch restored = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch retriedOnce = new java.util.concurrent.CountDownLatch(1);
            List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
            patchbay.addListener(event -> {
                if (event.step() == SwapStep.ROLLBACK && String.valueOf(event.detail()).contains("retry")
                        || event.step() == SwapStep.ROLLBACK && event.phase() == SwapEvent.Phase.FAILED && !retries.isEmpty()) {
                    retries.add(event.phase() + " " + event.detail());
                    if (event.phase() == SwapEvent.Phase.FAILED) {
                        retriedOnce.countDown();
                    }
                }
                if (event.step() == SwapStep.APPLY && event.phase() == SwapEvent.Phase.FINISHED) {
                    write(v2Entry, "damaged".getBytes()); // mid-swap: no verified copy of 2.0.0 is left to heal from
                }
                if (event.step() == SwapStep.ROLLBACK && event.phase() == SwapEvent.Phase.FINISHED
                        && String.valueOf(event.detail()).startsWith("restored by retry")) {
                    restored.countDown();
                }
            });
            List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
            patchbay.addListener(event -> {
                if (event.step() == SwapStep.ROLLBACK && event.phase() != SwapEvent.Phase.PROGRESS) {
                    progress.add(event.phase() + " " + event.detail());
                } else if (event.step() == SwapStep.ROLLBACK) {
                    progress.add(event.detail());
                }
            });
            // 3.0.0 starts and runs, then fails its health gate: the rollback must not leave it serving
            byte[] v3 = greeter("3.0.0", "v3").header("Test-Health", "fail").signedBy(PUBLISHER);
            SwapResult result = patchbay.apply(patch("bad", v3));
            assertEquals(Outcome.ROLLBACK_FAILED, result.outcome());
            assertNotNull(result.cause());
            assertTrue(result.rollbackFailure() instanceof LocalStateException, String.valueOf(result.rollbackFailure()));
            assertTrue(result.rollbackFailure().getMessage().contains(v2Entry.toString()), "names the damaged file");

            assertTrue(progress.contains("FAILED " + result.rollbackFailure().getMessage()), progress.toString());
            try (Journal journal = Journal.open(fixture.journal())) {
                assertEquals(result.transactionId(), journal.state().unfinished().orElseThrow().transactionId(),
                        "the intent stays open until the container is back");
            }
            PatchLevel degraded = patchbay.patchLevel();
            assertEquals(2, degraded.sequence());
            assertFalse(degraded.running(), "the level must not claim a set that is not running");
            Bundle greeter = patchbay.bundleContext().getBundle("patchbay:" + GREETER);
            assertEquals("3.0.0", greeter.getVersion().toString());
            assertTrue(greeter.getState() != Bundle.ACTIVE, "the rejected 3.0.0 must not stay active and serving");

            SwapResult refused = patchbay.apply(patch("next", greeter("4.0.0", "v4").signedBy(PUBLISHER)));
            assertEquals(Outcome.REJECTED, refused.outcome());
            assertEquals(PatchRefusedException.Reason.RESTORE_PENDING, ((PatchRefusedException) refused.cause()).reason());

            assertTrue(retriedOnce.await(30, java.util.concurrent.TimeUnit.SECONDS), "a retry failed while the cause stays");
            write(v2Entry, v2); // the cause goes away
            assertTrue(restored.await(30, java.util.concurrent.TimeUnit.SECONDS), "the runtime retried by itself");
            long failed = retries.stream().filter(r -> r.startsWith("FAILED")).count();
            assertEquals("STARTED restore retry 1", retries.get(0));
            assertEquals("FINISHED restored by retry " + (failed + 1), retries.get(retries.size() - 1), retries.toString());
            SwapRecord last = patchbay.patches().history(1).get(0);
            assertEquals(Outcome.ROLLED_BACK, last.outcome());
            assertEquals(result.transactionId(), last.transactionId());
            assertTrue(last.cause().startsWith("restored by retry " + (failed + 1) + " after a failed rollback"), last.cause());
            assertEquals(List.of(SwapStep.ROLLBACK), List.copyOf(last.timings().keySet()));
            assertTrue(progress.contains("restored " + GREETER + " 2.0.0"), progress.toString());
            try (Journal journal = Journal.open(fixture.journal())) {
                assertTrue(journal.state().unfinished().isEmpty(), "the retry closed the intent");
            }
            assertTrue(fixture.storeEntries().stream().noneMatch(e -> e.startsWith(Sha256.hex(v3))),
                    "and cleaned the store: " + fixture.storeEntries());
            assertTrue(patchbay.patchLevel().running());
            assertEquals("2.0.0", greeter.getVersion().toString());
            assertEquals("hello v2, bob", greet(patchbay));
            assertTrue(patchbay.apply(patch("next", greeter("4.0.0", "v4").signedBy(PUBLISHER))).committed());
        }
    }

    @Test
    void aRestartRestoresWhatAFailedRollbackLeft() throws Exception {
        Path v2Entry = fixture.dataDirectory.resolve("store").resolve(Sha256.hex(v2) + ".jar");
        try (Patchbay patchbay = fixture.builder().recoveryRetry(java.time.Duration.ofHours(1)).start()) {
            patchbay.addListener(event -> {
                if (event.step() == SwapStep.APPLY && event.phase() == SwapEvent.Phase.FINISHED) {
                    write(v2Entry, "damaged".getBytes());
                }
            });
            SwapResult result = patchbay.apply(patch("bad", greeter("3.0.0", "v3").header("Test-Start", "throw").signedBy(PUBLISHER)));
            assertEquals(Outcome.ROLLBACK_FAILED, result.outcome());
        }
        write(v2Entry, v2);
        try (Patchbay patchbay = fixture.builder().start()) {
            assertEquals(2, patchbay.patchLevel().sequence());
            assertTrue(patchbay.patchLevel().running());
            assertEquals("2.0.0", patchbay.bundleContext().getBundle("patchbay:" + GREETER).getVersion().toString());
            assertEquals("hello v2, bob", greet(patchbay));
        }
    }

    private List<Path> cachedJars() throws Exception {
        try (Stream<Path> files = Files.walk(fixture.dataDirectory.resolve("felix-cache"))) {
            return files.filter(p -> p.getFileName().toString().equals("bundle.jar")).toList();
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
