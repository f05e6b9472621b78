package io.patchbay.framework.attacks;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.NOW;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.PatchRefusedException;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.store.DurableFiles;
import io.patchbay.framework.testing.RuntimeFixture;
import io.patchbay.testsupport.Hashes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hole 7: a swap in flight when the process died is recorded CRASHED (by content), and the same patch is then
 * refused unless the caller says to retry it, so a patch that kills its host cannot crash-loop it. Here the crash is
 * the state it leaves (an open journal intent); framework/itest's crash test ends a real JVM with System.exit.
 */
class CrashedPatchTest {
    @TempDir
    Path root;

    @Test
    void theSamePatchIsRefusedAfterItCrashedTheProcessUnlessRetriedOnPurpose() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        byte[] v2 = greeter("2.0.0", "hello v2").signedBy(PUBLISHER);
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            assertEquals(1, patchbay.patchLevel().sequence());
        }
        String v1Hash;
        try (Journal journal = Journal.open(fixture.journal())) {
            BundleRecord v1 = journal.state().level().bundle(GREETER).orElseThrow();
            v1Hash = v1.sha256();
            new BundleStore(fixture.dataDirectory.resolve("store"), new DurableFiles()).put(v2);
            journal.append(new JournalRecord.Intent("crashed-tx", NOW, "v2 (killed its host)", List.of(v1),
                    List.of(new BundleRecord(GREETER, "2.0.0", Hashes.sha256Hex(v2)))));
        }
        try (Patchbay patchbay = fixture.builder().start()) {
            assertEquals(1, patchbay.patchLevel().sequence());
            assertEquals(v1Hash, patchbay.patchLevel().bundle(GREETER).orElseThrow().sha256());
            SwapRecord crashed = patchbay.patches().history(10).get(patchbay.patches().history(10).size() - 1);
            assertEquals(Outcome.CRASHED, crashed.outcome());
            assertEquals("crashed-tx", crashed.transactionId());

            // the same bytes under another label are the same patch
            SwapResult refused = patchbay.apply(patch("another label", v2));
            assertEquals(Outcome.REJECTED, refused.outcome());
            assertEquals(PatchRefusedException.Reason.CRASHED_BEFORE, ((PatchRefusedException) refused.cause()).reason());
            assertEquals(crashed.patchId(), patchbay.patches().history(1).get(0).patchId());
        }
        try (Patchbay patchbay = fixture.builder().start()) {
            SwapResult refused = patchbay.apply(patch("after a restart", v2));
            assertEquals(PatchRefusedException.Reason.CRASHED_BEFORE, ((PatchRefusedException) refused.cause()).reason(),
                    "the record survives restarts");

            SwapResult forced = patchbay.apply(patch("on purpose", v2).retryingCrashed());
            assertEquals(Outcome.COMMITTED, forced.outcome(), String.valueOf(forced.cause()));
            assertTrue(patchbay.apply(patch("v1 again", greeter("1.0.0", "x").signedBy(PUBLISHER))
                    .withDowngradeAllowed()).committed());
            assertEquals(Outcome.COMMITTED, patchbay.apply(patch("v2 again", v2)).outcome(),
                    "once it committed, the crash no longer counts against it");
        }
    }
}
