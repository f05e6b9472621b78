package io.patchbay.server.impl.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids are handed out at INSERT and seen at COMMIT, so they can appear out of order: the cursor delivers a late
 * commit that fills a gap, gives a gap up after its wait, and reads in bounded pages.
 */
class BatchCursorTest {
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    Database database;
    final MutableClock clock = new MutableClock(START);

    @BeforeEach
    void open() throws Exception {
        database = Database.open(DatabaseSettings.embedded(dir));
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A committed batch with this exact id (as another node's late commit would appear). */
    void commit(long id) throws Exception {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO push_batches (id, action, urgency, target_kind, target, targeted, created_at, expires_at,"
                        + " created_by) VALUES (?, 'CHECK_NOW', 'NORMAL', 'ALL', NULL, 0, ?, ?, 'op')")) {
            insert.setLong(1, id);
            insert.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            insert.setObject(3, OffsetDateTime.ofInstant(clock.instant().plusSeconds(300), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    List<Long> next(BatchCursor cursor) throws Exception {
        return cursor.next(new PushBatches(database, clock), clock.instant()).stream().map(Batch::id).toList();
    }

    @Test
    void aLateCommitInsideTheWaitIsDeliveredOnce() throws Exception {
        BatchCursor cursor = new BatchCursor(0, Duration.ofSeconds(30), 100);
        commit(1);
        commit(3);
        assertEquals(List.of(1L, 3L), next(cursor));
        assertEquals(1, cursor.gapCount());
        commit(2);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(2L), next(cursor));
        assertEquals(0, cursor.gapCount());
        assertEquals(List.of(), next(cursor));
    }

    @Test
    void aGapIsGivenUpAfterItsWaitAndHugeJumpsAreBounded() throws Exception {
        BatchCursor cursor = new BatchCursor(0, Duration.ofSeconds(30), 100);
        commit(2);
        commit(5_000);
        assertEquals(List.of(2L, 5_000L), next(cursor));
        assertEquals(BatchCursor.MAX_GAPS, cursor.gapCount(), "a sequence jump is not remembered id by id");
        clock.advance(Duration.ofSeconds(30));
        commit(1); // too late: given up
        assertEquals(List.of(), next(cursor));
        assertEquals(0, cursor.gapCount());
        assertEquals(5_000, cursor.highest());
    }

    @Test
    void pagesAreBounded() throws Exception {
        BatchCursor cursor = new BatchCursor(0, Duration.ofSeconds(30), 3);
        for (long id = 1; id <= 7; id++) {
            commit(id);
        }
        assertEquals(List.of(1L, 2L, 3L), next(cursor));
        assertEquals(List.of(4L, 5L, 6L), next(cursor));
        assertEquals(List.of(7L), next(cursor));
    }
}
