package io.patchbay.framework.e2e;

import io.patchbay.framework.testing.RuntimeFixture;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.impl.store.Sha256;
import io.patchbay.framework.testapi.Greeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enough swaps through the whole runtime for the journal to compact (it does past 64 records; each swap writes
 * two), alternating commits and rollbacks, then a restart from the compacted journal.
 */
class JournalCompactionE2ETest {
    private static final int SWAPS = 70;

    @TempDir
    Path root;

    @Test
    void aCompactedJournalRestartsAtTheSameLevelWithTheStoreStillHoldingWhatRollbackNeeds() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        byte[][] versions = {greeter("2.0.0", "hello v2").signedBy(PUBLISHER),
            greeter("2.0.1", "hello v2.0.1").signedBy(PUBLISHER)};
        byte[] unhealthy = greeter("3.0.0", "sick").header("Test-Health", "fail").signedBy(PUBLISHER);
        long level;
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            int maxLines = 0;
            for (int i = 0; i < SWAPS; i++) {
                byte[] jar = i % 5 == 4 ? unhealthy : versions[i % 2];
                SwapResult result = patchbay.apply(patch("swap-" + i, jar).withDowngradeAllowed());
                assertEquals(i % 5 == 4 ? SwapResult.Outcome.ROLLED_BACK : SwapResult.Outcome.COMMITTED,
                        result.outcome(), "swap " + i + ": " + result.cause());
                maxLines = Math.max(maxLines, Files.readAllLines(fixture.journal()).size());
            }
            assertTrue(maxLines <= 67, "the journal stayed bounded: " + maxLines + " lines");
            assertTrue(Files.readAllLines(fixture.journal()).size() < 2 * SWAPS, "it was compacted");
            level = patchbay.patchLevel().sequence();
        }
        try (Patchbay patchbay = fixture.builder().start()) {
            assertEquals(level, patchbay.patchLevel().sequence());
            String current = patchbay.patchLevel().bundle(GREETER).orElseThrow().sha256();
            assertTrue(List.of(Sha256.hex(versions[0]), Sha256.hex(versions[1])).contains(current));
            assertTrue(fixture.storeEntries().contains(Sha256.hex(versions[0]) + ".jar"));
            assertTrue(fixture.storeEntries().contains(Sha256.hex(versions[1]) + ".jar"));
            String greeting = patchbay.service(Greeter.class).call(g -> g.greet("bob"));
            assertTrue(greeting.startsWith("hello v2"), greeting);
        }
    }
}
