package io.patchbay.framework.e2e;

import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.testing.RuntimeFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host sets how large a bundle jar may be; the refusal names the setting, and raising it admits the jar. */
class BundleSizeLimitTest {
    @TempDir
    Path root;

    private static byte[] largeGreeter() {
        byte[] noise = new byte[200 * 1024];
        new Random(7).nextBytes(noise); // incompressible, so the jar itself is this large
        return greeter("1.1.0", "hello v2").entry("data/noise.bin", noise).signedBy(PUBLISHER);
    }

    @Test
    void aJarAboveTheLimitIsRefusedBeforeVerificationAndTheLevelStays() {
        RuntimeFixture fixture = new RuntimeFixture(root);
        byte[] jar = largeGreeter();
        try (Patchbay patchbay = fixture.builder().maxBundleBytes(100 * 1024)
                .initialBundles(List.of(fixture.jarFile("greeter-1.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER))))
                .start()) {
            SwapResult result = patchbay.apply(patch("large", jar));
            assertEquals(Outcome.REJECTED, result.outcome());
            BundleRejectedException refused = assertInstanceOf(BundleRejectedException.class, result.cause());
            assertEquals(BundleRejectedException.Reason.OVERSIZED, refused.reason());
            assertTrue(refused.getMessage().contains("limit of " + 100 * 1024 + " (PatchbayBuilder.maxBundleBytes)"),
                    refused.getMessage());
            assertEquals(1, patchbay.patchLevel().sequence());
            assertEquals("hello v1, bob", RuntimeFixture.greet(patchbay));
        }
        try (Patchbay patchbay = fixture.builder().maxBundleBytes(1024 * 1024).start()) {
            SwapResult result = patchbay.apply(patch("large", jar));
            assertEquals(Outcome.COMMITTED, result.outcome(), () -> String.valueOf(result.cause()));
            assertEquals("hello v2, bob", RuntimeFixture.greet(patchbay));
        }
    }

    @Test
    void theLimitMustBeUsable() {
        RuntimeFixture fixture = new RuntimeFixture(root);
        assertThrows(IllegalArgumentException.class, () -> fixture.builder().maxBundleBytes(0).config());
        assertThrows(IllegalArgumentException.class, () -> fixture.builder().maxBundleBytes(1L << 31).config());
    }
}
