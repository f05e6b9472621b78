package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.sample.feature.api.Payload;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.impl.runtime.PatchbayLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The padded bundles the benchmark swaps: about 100 KB each, and each version really runs. */
class PaddedBundleTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();
    private static final long PADDING_BYTES = 100 * 1024;

    @TempDir
    Path data;

    @Test
    void theJarsCarryTheirIncompressiblePadding() throws Exception {
        assertTrue(Files.size(BUNDLES.padded()) > PADDING_BYTES, "deflate must not shrink the padding");
        assertTrue(Files.size(BUNDLES.paddedUpdate()) > PADDING_BYTES);
    }

    @Test
    void swapsFromOnePaddedVersionToTheNext() {
        try (Patchbay patchbay = Patchbay.builder()
                .dataDirectory(data)
                .trustPublishers(BUNDLES.trustStore(), BUNDLES.trustPassword())
                .hostPackage(PatchbayLauncher.FEATURE_API_EXPORT)
                .initialBundles(List.of(BUNDLES.padded()))
                .start()) {
            ServiceAccess<Payload> payload = patchbay.service(Payload.class);
            assertEquals("1.0.0", payload.call(Payload::version));
            assertEquals(PADDING_BYTES, payload.call(Payload::sizeBytes));

            assertTrue(patchbay.apply(Patch.of(BUNDLES.paddedUpdate())).committed());

            assertEquals("1.0.1", payload.call(Payload::version));
            assertEquals(PADDING_BYTES, payload.call(Payload::sizeBytes));
        }
    }
}
