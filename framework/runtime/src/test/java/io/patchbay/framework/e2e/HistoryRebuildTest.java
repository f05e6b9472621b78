package io.patchbay.framework.e2e;

import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.framework.testing.RuntimeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swap's history record is written after the journal made its outcome durable, in the background. A power cut
 * can lose that write; the next start rebuilds the record from the journal, once, and never invents one.
 */
class HistoryRebuildTest {
    @TempDir
    Path root;
    RuntimeFixture fixture;
    SwapResult committed;
    SwapResult rolledBack;

    @BeforeEach
    void aCommitAndARollback() {
        fixture = new RuntimeFixture(root);
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            committed = patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER)));
            rolledBack = patchbay.apply(patch("bad", greeter("3.0.0", "v3").header("Test-Health", "fail")
                    .signedBy(PUBLISHER)));
            assertEquals(List.of(Outcome.COMMITTED, Outcome.ROLLED_BACK),
                    List.of(committed.outcome(), rolledBack.outcome()));
            assertEquals(2, patchbay.patches().history(10).size(), "visible as soon as apply returns");
        }
    }

    private Path history() {
        return fixture.dataDirectory.resolve("history.log");
    }

    /** What a power cut leaves when the last {@code lines} background writes never reached the disk. */
    private void loseLastLines(int lines) throws Exception {
        List<String> all = Files.readAllLines(history());
        Files.write(history(), all.subList(0, all.size() - lines));
    }

    private List<SwapRecord> historyAfterRestart() {
        try (Patchbay patchbay = fixture.builder().start()) {
            return patchbay.patches().history(100);
        }
    }

    @Test
    void recordsLostAtAPowerCutAreRebuiltFromTheJournalOnce() throws Exception {
        loseLastLines(2);
        List<SwapRecord> records = historyAfterRestart();
        assertEquals(List.of(committed.transactionId(), rolledBack.transactionId()),
                records.stream().map(SwapRecord::transactionId).toList());
        assertEquals(List.of(1L, 2L), records.stream().map(SwapRecord::sequence).toList());
        SwapRecord c = records.get(0);
        assertEquals(Outcome.COMMITTED, c.outcome());
        assertEquals("v2", c.label());
        assertEquals(1, c.levelBefore());
        assertEquals(2, c.levelAfter());
        assertTrue(c.timings().isEmpty(), "rebuilt: step timings are not journaled");
        SwapRecord r = records.get(1);
        assertEquals(Outcome.ROLLED_BACK, r.outcome());
        assertTrue(r.cause().contains("health"), r.cause());
        assertEquals(2, r.levelAfter());
        assertEquals(records, historyAfterRestart(), "a second start adds nothing");
    }

    @Test
    void onlyTheLostRecordIsRebuilt() throws Exception {
        loseLastLines(1);
        List<SwapRecord> records = historyAfterRestart();
        assertEquals(List.of(Outcome.COMMITTED, Outcome.ROLLED_BACK), records.stream().map(SwapRecord::outcome).toList());
        assertFalse(records.get(0).timings().isEmpty(), "the written record is kept as written");
        assertTrue(records.get(1).timings().isEmpty(), "the lost one is rebuilt");
    }

    @Test
    void aCompleteHistoryGetsNothingAdded() {
        List<SwapRecord> before;
        try (Patchbay patchbay = fixture.builder().start()) {
            before = patchbay.patches().history(100);
        }
        assertEquals(2, before.size());
        assertTrue(before.stream().noneMatch(r -> r.timings().isEmpty()), "both as written by the swaps");
        assertEquals(before, historyAfterRestart());
    }
}
