package io.patchbay.framework.attacks;

import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.PatchRefusedException;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.testapi.Greeter;
import io.patchbay.framework.testapi.Hang;
import io.patchbay.framework.testing.RuntimeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hole 6: bundle code that never returns must not hang the runtime. Every step that runs bundle code is bounded; on
 * timeout the swap fails and rolls back, later calls answer at once, {@code stop()} returns in bounded time, and a
 * health check that overran leaves no thread behind after {@code stop()}.
 *
 * <p>The hangs ignore interrupts (see {@link Hang}); the test releases them at the end to clean up.
 */
class HangingBundleTest {
    private static final Duration OPERATION = Duration.ofMillis(500);

    @TempDir
    Path root;

    @AfterEach
    void release() {
        Hang.releaseAll();
    }

    private Patchbay start(byte[] initial) {
        RuntimeFixture fixture = new RuntimeFixture(root);
        return fixture.builder().operationTimeout(OPERATION).healthTimeout(OPERATION).recoveryRetry(Duration.ofMillis(50))
                .initialBundles(List.of(fixture.jarFile("g1.jar", initial))).start();
    }

    @Test
    void anOldVersionWhoseStopHangsFailsTheSwapAndIsRestartedOnceItReturns() throws Exception {
        Patchbay patchbay = start(greeter("1.0.0", "hello v1").header("Test-Stop", "hang").signedBy(PUBLISHER));
        CountDownLatch restored = new CountDownLatch(1);
        patchbay.addListener(event -> {
            if (event.step() == SwapStep.ROLLBACK && event.phase() == SwapEvent.Phase.FINISHED) {
                restored.countDown();
            }
        });
        long start = System.nanoTime();
        SwapResult result = patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(OPERATION.multipliedBy(20)) < 0,
                "apply returned in bounded time");
        assertEquals(Outcome.ROLLBACK_FAILED, result.outcome(), String.valueOf(result.cause()));
        assertTrue(result.cause().getMessage().contains("did not return within"), result.cause().getMessage());
        assertFalse(patchbay.patchLevel().running(), "the old version is stuck stopping, so the level says so");

        SwapResult next = patchbay.apply(patch("v3", greeter("3.0.0", "hello v3").signedBy(PUBLISHER)));
        assertEquals(Outcome.REJECTED, next.outcome(), "a later apply answers at once instead of hanging");
        assertEquals(PatchRefusedException.Reason.RESTORE_PENDING, ((PatchRefusedException) next.cause()).reason());

        Hang.releaseAll(); // the stop returns at last: the background restore starts 1.0.0 again
        assertTrue(restored.await(30, TimeUnit.SECONDS));
        assertTrue(patchbay.patchLevel().running());
        assertEquals("hello v1, bob", patchbay.service(Greeter.class).call(g -> g.greet("bob")));
        patchbay.stop();
    }

    @Test
    void aNewVersionWhoseStartHangsIsRolledBackAndStopReturnsInBoundedTime() throws Exception {
        Patchbay patchbay = start(greeter("1.0.0", "hello v1").signedBy(PUBLISHER));
        SwapResult result = patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").header("Test-Start", "hang")
                .signedBy(PUBLISHER)));
        assertTrue(result.outcome() == Outcome.ROLLBACK_FAILED || result.outcome() == Outcome.ROLLED_BACK,
                String.valueOf(result.outcome()));
        assertTrue(result.cause().getMessage().contains("did not return within"), result.cause().getMessage());
        long start = System.nanoTime();
        patchbay.stop();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(OPERATION.multipliedBy(10)) < 0,
                "stop() returned in bounded time although an activator hangs");
        assertTrue(Hang.entered() > 0);
        Hang.releaseAll();
        assertEquals(org.osgi.framework.FrameworkEvent.STOPPED, awaitStopped(patchbay),
                "once the activator returns, the container finishes stopping");
    }

    @Test
    void aHealthCheckThatHangsFailsTheGateAndLeavesNoThreadAfterStop() throws Exception {
        Patchbay patchbay = start(greeter("1.0.0", "hello v1").signedBy(PUBLISHER));
        SwapResult result = patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").header("Test-Health", "hang")
                .signedBy(PUBLISHER)));
        assertEquals(Outcome.ROLLED_BACK, result.outcome());
        assertTrue(result.cause().getMessage().contains("did not answer within"), result.cause().getMessage());
        assertEquals("hello v1, bob", patchbay.service(Greeter.class).call(g -> g.greet("bob")));
        patchbay.stop();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("patchbay-")) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
                assertFalse(thread.isAlive(), thread.getName() + " outlived stop()");
            }
        }
    }

    @Test
    void aSwapHeldByAListenerDoesNotKeepStopFromReturning() throws Exception {
        Patchbay patchbay = start(greeter("1.0.0", "hello v1").signedBy(PUBLISHER));
        CountDownLatch held = new CountDownLatch(1);
        patchbay.addListener(event -> {
            if (event.step() == SwapStep.JOURNAL && event.phase() == SwapEvent.Phase.FINISHED) {
                held.countDown();
                Hang.here();
            }
        });
        Thread swap = new Thread(() -> patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER))));
        swap.setDaemon(true);
        swap.start();
        assertTrue(held.await(30, TimeUnit.SECONDS));
        long start = System.nanoTime();
        patchbay.stop();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(OPERATION.multipliedBy(10)) < 0,
                "stop() returned in bounded time although a swap holds the lock");
        java.nio.file.Path data = root.resolve("data");
        io.patchbay.framework.api.PatchbayException locked = org.junit.jupiter.api.Assertions.assertThrows(
                io.patchbay.framework.api.PatchbayException.class, () -> Patchbay.builder().dataDirectory(data).start());
        assertTrue(locked.getMessage().contains("in use"), "the swap may still write: the directory stays locked; "
                + locked.getMessage());
        Hang.releaseAll();
        swap.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** The framework of a runtime whose stop timed out finishes stopping once the hang is released. */
    private static int awaitStopped(Patchbay patchbay) throws Exception {
        org.osgi.framework.launch.Framework framework =
                (org.osgi.framework.launch.Framework) patchbay.bundleContext().getBundle(0);
        return framework.waitForStop(TimeUnit.SECONDS.toMillis(30)).getType();
    }
}
