package io.patchbay.framework.impl.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.impl.journal.JournalRecord;
import io.patchbay.framework.impl.journal.JournalRecord.Commit;
import io.patchbay.framework.impl.journal.JournalRecord.Intent;
import io.patchbay.framework.impl.journal.JournalRecord.RolledBack;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history's records as the journal tells them. */
class JournaledSwapsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final BundleRecord A1 = new BundleRecord("a", "1.0.0", "1".repeat(64));
    private static final BundleRecord A2 = new BundleRecord("a", "2.0.0", "2".repeat(64));
    private static final BundleRecord B1 = new BundleRecord("b", "1.0.0", "3".repeat(64));

    static String patchId(Intent intent) {
        return PatchIdentity.of(intent.after().stream().map(BundleRecord::sha256).toList());
    }

    @Test
    void everyEndedSwapIsOneRecordInJournalOrder() {
        Intent i1 = new Intent("tx1", T0, "first", List.of(A1), List.of(A2, B1));
        Intent i2 = new Intent("tx2", T0, "second", List.of(A2), List.of(A1));
        Intent i3 = new Intent("tx3", T0, "third", List.of(A2), List.of(A1));
        Intent open = new Intent("tx4", T0, "in flight", List.of(A2), List.of(A1));
        List<JournalRecord> journal = List.of(
                new Commit("checkpoint", T0, 7, List.of(A1), List.of()),
                i1,
                new Commit("tx1", T0.plusSeconds(1), 8, List.of(A2, B1), List.of(A1)),
                i2,
                new RolledBack("tx2", T0.plusSeconds(2), false, "health check failed"),
                i3,
                new RolledBack("tx3", T0.plusSeconds(3), true, "the process ended"),
                new RolledBack("stray", T0),
                open);
        List<SwapRecord> ended = JournaledSwaps.ended(journal);
        assertEquals(List.of(
                new SwapRecord(0, "tx1", "first", patchId(i1), List.of(A2, B1), Outcome.COMMITTED, T0.plusSeconds(1),
                        7, 8, null, Map.of()),
                new SwapRecord(0, "tx2", "second", patchId(i2), List.of(A1), Outcome.ROLLED_BACK, T0.plusSeconds(2),
                        8, 8, "health check failed", Map.of()),
                new SwapRecord(0, "tx3", "third", patchId(i3), List.of(A1), Outcome.CRASHED, T0.plusSeconds(3),
                        8, 8, "the process ended", Map.of())), ended);
    }

    @Test
    void commitsWithoutAnIntentAreNoSwapsButMoveTheLevel() {
        Intent i = new Intent("tx", T0, "p", List.of(), List.of(B1));
        List<SwapRecord> ended = JournaledSwaps.ended(List.of(
                new Commit("initial-1", T0, 1, List.of(A1), List.of()),
                new Commit("initial-2", T0, 2, List.of(A2), List.of(A1)),
                i,
                new Commit("tx", T0, 3, List.of(A2, B1), List.of(A1))));
        assertEquals(1, ended.size());
        assertEquals(2, ended.get(0).levelBefore());
        assertEquals(3, ended.get(0).levelAfter());
        assertEquals(List.of(), JournaledSwaps.ended(List.of()));
    }

    @Test
    void aRollbackJournaledWithoutItsCauseSaysSo() {
        Intent i = new Intent("tx", T0, "p", List.of(), List.of(B1));
        SwapRecord r = JournaledSwaps.record(i, new RolledBack("tx", T0), new PatchLevel(5, List.of(A1), T0));
        assertEquals(Outcome.ROLLED_BACK, r.outcome());
        assertEquals(JournaledSwaps.CAUSE_NOT_JOURNALED, r.cause());
        assertEquals(5, r.levelBefore());
        assertEquals(5, r.levelAfter());
        assertEquals(patchId(i), r.patchId());
    }
}
