package io.patchbay.framework.attacks;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greet;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.framework.testing.RuntimeFixture;
import io.patchbay.framework.testing.TinyDisk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Hole 4: a transient write failure must not become an outage. The container's cache lives on a real, tiny file
 * system that the test fills: the update cannot be written, exactly as on a full disk.
 */
class FullDiskTest {
    private static final String LIBRARY = "com.acme.a";

    @TempDir
    static Path scratch;
    @TempDir
    Path root;

    @BeforeAll
    static void canMount() {
        assumeTrue(TinyDisk.available(scratch.resolve("probe")), "needs root to mount a tmpfs");
    }

    /** A greeter with ~64 KB of incompressible content, too big for what the test leaves free. */
    private static byte[] bigGreeter(String version, String greeting) {
        byte[] noise = new byte[64 * 1024];
        new Random(version.hashCode()).nextBytes(noise);
        return greeter(version, greeting).entry("noise.bin", noise).signedBy(PUBLISHER);
    }

    @Test
    void anUpdateThatCannotBeWrittenRestartsTheUntouchedOldRevision() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        try (TinyDisk disk = TinyDisk.mount(fixture.dataDirectory.resolve("felix-cache"), 1024);
             Patchbay patchbay = fixture.startWithGreeterV1()) {
            disk.fillLeaving(0); // not even the old revision would fit again
            List<String> rollback = new java.util.concurrent.CopyOnWriteArrayList<>();
            patchbay.addListener(event -> {
                if (event.step() == SwapStep.ROLLBACK && event.phase() == SwapEvent.Phase.PROGRESS) {
                    rollback.add(event.detail());
                }
            });
            SwapResult result = patchbay.apply(patch("v2", bigGreeter("2.0.0", "hello v2")));
            assertEquals(List.of("kept " + GREETER + " 1.0.0", "restarted " + GREETER + " 1.0.0"), rollback,
                    "its update never happened, so the old revision is only restarted");
            assertEquals(Outcome.ROLLED_BACK, result.outcome(), String.valueOf(result.rollbackFailure()));
            Bundle greeterBundle = patchbay.bundleContext().getBundle("patchbay:" + GREETER);
            assertEquals(Bundle.ACTIVE, greeterBundle.getState(), "the old revision runs again");
            assertEquals("hello v1, bob", greet(patchbay));
            assertTrue(patchbay.patchLevel().running());

            disk.free();
            SwapResult retried = patchbay.apply(patch("v2", bigGreeter("2.0.0", "hello v2")));
            assertEquals(Outcome.COMMITTED, retried.outcome(), String.valueOf(retried.cause()));
            assertEquals("hello v2, bob", greet(patchbay));
        }
    }

    @Test
    void aRollbackThatCannotBeWrittenIsRetriedByTheRuntimeOnceSpaceIsFreed() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        byte[] library = ActivatorBundles.activatorBundle(LIBRARY, "1.0.0").signedBy(PUBLISHER);
        try (TinyDisk disk = TinyDisk.mount(fixture.dataDirectory.resolve("felix-cache"), 1024);
             Patchbay patchbay = fixture.builder().recoveryRetry(Duration.ofMillis(50))
                     .initialBundles(List.of(fixture.jarFile("a1.jar", library),
                             fixture.jarFile("g1.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER)))).start()) {
            CountDownLatch restored = new CountDownLatch(1);
            patchbay.addListener(event -> {
                if (event.phase() == SwapEvent.Phase.PROGRESS && String.valueOf(event.detail()).startsWith("updated " + LIBRARY)) {
                    fill(disk); // the library's update went through; nothing else will fit, not even its rollback
                }
                if (event.step() == SwapStep.ROLLBACK && event.phase() == SwapEvent.Phase.FINISHED
                        && String.valueOf(event.detail()).startsWith("restored by retry")) {
                    restored.countDown();
                }
            });
            SwapResult result = patchbay.apply(patch("both",
                    ActivatorBundles.activatorBundle(LIBRARY, "2.0.0").entry("noise.bin", new byte[20_000]).signedBy(PUBLISHER),
                    bigGreeter("2.0.0", "hello v2")));
            assertEquals(Outcome.ROLLBACK_FAILED, result.outcome(), String.valueOf(result.cause()));
            assertFalse(patchbay.patchLevel().running());
            Bundle libraryBundle = patchbay.bundleContext().getBundle("patchbay:" + LIBRARY);
            assertEquals("2.0.0", libraryBundle.getVersion().toString());
            assertTrue(libraryBundle.getState() != Bundle.ACTIVE, "the uncommitted 2.0.0 must not run");

            disk.free();
            assertTrue(restored.await(30, TimeUnit.SECONDS), "restored without a restart once space was freed");
            assertTrue(patchbay.patchLevel().running());
            assertEquals("1.0.0", libraryBundle.getVersion().toString());
            assertEquals(Bundle.ACTIVE, libraryBundle.getState());
            assertEquals("hello v1, bob", greet(patchbay));
            assertEquals(Outcome.COMMITTED, patchbay.apply(patch("v2", bigGreeter("2.0.0", "hello v2"))).outcome());
        }
    }

    private static void fill(TinyDisk disk) {
        try {
            disk.fillLeaving(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
