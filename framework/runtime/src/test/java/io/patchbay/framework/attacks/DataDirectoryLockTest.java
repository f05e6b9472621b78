package io.patchbay.framework.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.testing.RuntimeFixture;
import io.patchbay.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hole 1: a refused second start must never weaken the lock the first runtime holds. */
class DataDirectoryLockTest {
    private static final Duration CHILD = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    void refusedStartsInThisProcessLeaveTheLockHeldAgainstAnotherProcess() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        Path alias = Files.createSymbolicLink(root.resolve("alias"), fixture.dataDirectory.getFileName());
        try (Patchbay first = fixture.startWithGreeterV1()) {
            PatchbayException again = assertThrows(PatchbayException.class, () -> fixture.builder().start());
            assertTrue(again.getMessage().contains("in use by another Patchbay runtime in this process"), again.getMessage());
            PatchbayException viaAlias = assertThrows(PatchbayException.class,
                    () -> fixture.builder().dataDirectory(alias).start());
            assertTrue(viaAlias.getMessage().contains("in this process"), viaAlias.getMessage());

            List<String> output = probe(fixture.dataDirectory);
            assertTrue(output.get(0).startsWith("REFUSED") && output.get(0).contains("another Patchbay process"),
                    "a second process must be refused: " + output);
            assertEquals(1, first.patchLevel().sequence());
            assertTrue(first.apply(RuntimeFixture.patch("v2",
                    RuntimeFixture.greeter("2.0.0", "v2").signedBy(RuntimeFixture.PUBLISHER))).committed(),
                    "the holder still works");
        }
        // the probe trusts no publisher: once past the lock, it refuses the committed bundles at the gate instead
        List<String> afterStop = probe(fixture.dataDirectory);
        assertTrue(!afterStop.get(0).contains("in use") && afterStop.get(0).contains("publisher gate"),
                "stopping releases the lock: " + afterStop);
    }

    private List<String> probe(Path dataDirectory) {
        try (ChildJvm child = ChildJvm.start(root.resolve("probe-" + System.nanoTime() + ".log"), List.of(),
                LockProbe.class, dataDirectory.toString())) {
            return child.awaitExit(0, CHILD);
        }
    }
}
