package io.patchbay.framework.attacks;

import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.STRANGER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.testing.RuntimeFixture;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hole 3, the lock half: a patch's signatures are verified before the swap lock is taken, so a bad upload is refused
 * while another swap holds the lock, and never makes a good swap wait for its verification.
 */
class VerificationOutsideTheLockTest {
    @TempDir
    Path root;

    @Test
    void aBadPatchIsRefusedWhileAnotherSwapHoldsTheLock() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            patchbay.addListener(event -> {
                if (event.step() == SwapStep.JOURNAL && event.phase() == SwapEvent.Phase.FINISHED
                        && holding.getCount() > 0) {
                    holding.countDown();
                    await(release); // the first swap now holds the lock, its intent journaled
                }
            });
            CompletableFuture<SwapResult> good = CompletableFuture.supplyAsync(
                    () -> patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER))));
            assertTrue(holding.await(30, TimeUnit.SECONDS));

            SwapResult bad = CompletableFuture.supplyAsync(
                    () -> patchbay.apply(patch("stranger", greeter("3.0.0", "evil").signedBy(STRANGER))))
                    .get(30, TimeUnit.SECONDS); // would time out if verification waited for the lock
            assertEquals(Outcome.REJECTED, bad.outcome());
            assertEquals(BundleRejectedException.Reason.UNKNOWN_SIGNER, ((BundleRejectedException) bad.cause()).reason());

            release.countDown();
            assertEquals(Outcome.COMMITTED, good.get(30, TimeUnit.SECONDS).outcome());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
