package io.patchbay.framework.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.impl.access.CallCounts;
import io.patchbay.framework.spi.CallDrain;
import io.patchbay.framework.testapi.Greeter;
import io.patchbay.framework.testing.RuntimeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The runtime's {@link CallDrain} service: it waits (bounded) for host calls in flight through the access points into
 * one bundle, and holds that bundle's services back from new calls until released.
 */
class CallDrainTest {
    private static final long WAIT_MS = 20_000;

    @TempDir
    Path root;

    @Test
    void drainWaitsForTheCallInFlightAndHoldsNewCallsUntilReleased() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            BundleContext context = patchbay.bundleContext();
            CallDrain drain = context.getService(context.getServiceReference(CallDrain.class));
            Bundle greeter = findGreeter(context);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() ->
                    patchbay.service(Greeter.class).call(g -> {
                        inside.countDown();
                        await(release);
                        return g.greet("x");
                    }), threads);
            assertTrue(inside.await(WAIT_MS, TimeUnit.MILLISECONDS));
            assertEquals(1, ((CallCounts) drain).inFlight(greeter));

            assertFalse(drain.drain(greeter, Duration.ofMillis(50)), "a call is in flight: the bound passes first");

            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> drainQuietly(drain, greeter), threads);
            AtomicReference<Thread> caller = new AtomicReference<>();
            CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> {
                caller.set(Thread.currentThread());
                return patchbay.service(Greeter.class).call(g -> g.greet("y"));
            }, threads);
            awaitWaiting(caller);
            assertFalse(drained.isDone(), "still draining");
            assertFalse(held.isDone(), "a new call is held back from the draining bundle");

            release.countDown();
            assertEquals("hello v1, x", inFlight.get(WAIT_MS, TimeUnit.MILLISECONDS));
            assertTrue(drained.get(WAIT_MS, TimeUnit.MILLISECONDS), "drained once the call returned");
            assertEquals(0, ((CallCounts) drain).inFlight(greeter));
            assertFalse(held.isDone(), "held until released");

            drain.release(greeter);
            assertEquals("hello v1, y", held.get(WAIT_MS, TimeUnit.MILLISECONDS), "released: the waiting call goes on");
            assertEquals("hello v1, bob", RuntimeFixture.greet(patchbay));
        } finally {
            threads.shutdownNow();
        }
    }

    private static Bundle findGreeter(BundleContext context) {
        for (Bundle bundle : context.getBundles()) {
            if (RuntimeFixture.GREETER.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no greeter");
    }

    private static boolean drainQuietly(CallDrain drain, Bundle bundle) {
        try {
            return drain.drain(bundle, Duration.ofMillis(WAIT_MS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Until the caller waits for a provider (the only one is held). */
    private static void awaitWaiting(AtomicReference<Thread> caller) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            Thread thread = caller.get();
            if (thread != null && thread.getState() == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the new call never waited");
    }
}
