package io.patchbay.framework.attacks;

import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greet;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.testing.RuntimeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal that cannot be written (made immutable, which even root cannot write through): the intent cannot be
 * recorded, so the patch is refused at JOURNAL with nothing running touched, and swaps work again once it can.
 */
class UnwritableJournalTest {
    @TempDir
    Path root;

    @Test
    void aPatchWhoseIntentCannotBeJournaledIsRejectedWithNothingTouched() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            byte[] before = Files.readAllBytes(fixture.journal());
            assumeTrue(chattr("+i", fixture.journal()), "needs chattr and an ext4-like file system");
            SwapResult result;
            try {
                result = patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER)));
            } finally {
                assertTrue(chattr("-i", fixture.journal()));
            }
            assertEquals(Outcome.REJECTED, result.outcome(), String.valueOf(result.rollbackFailure()));
            assertTrue(result.cause() instanceof StoreException, String.valueOf(result.cause()));
            assertTrue(result.timings().containsKey(SwapStep.JOURNAL) && !result.timings().containsKey(SwapStep.APPLY));
            assertEquals("hello v1, bob", greet(patchbay));
            assertEquals(new String(before), new String(Files.readAllBytes(fixture.journal())), "no half record left");

            assertEquals(Outcome.COMMITTED, patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER)))
                    .outcome());
        }
    }

    private static boolean chattr(String flag, Path file) throws Exception {
        try {
            Process process = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException noChattr) {
            return false;
        }
    }
}
