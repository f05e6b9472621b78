package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.store.StoreException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening, migrating and closing, the same on both databases. */
interface DatabaseContract extends StoreFixture {

    DatabaseSettings settings();

    @Test
    default void databaseIsMigratedToTheNewestVersionOnce() throws Exception {
        List<String> versions = column("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE"
                + " AND \"version\" IS NOT NULL");
        // every server migration, each once (compared as numbers, so V10 sorts after V9)
        List<Integer> numbers = versions.stream().map(Integer::valueOf).sorted().toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, numbers.size()).boxed().toList(), numbers);
        assertTrue(numbers.size() >= 8, "V8__dashboard and those before it: " + numbers);
        // A second server node opening the same database finds nothing to migrate.
        try (Database second = Database.open(settings())) {
            assertEquals(database().vendor(), second.vendor());
        }
        assertEquals(numbers.size(),
                column("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL").size());
    }

    @Test
    default void databaseRollsBackTheWholeTransactionOnFailure() throws Exception {
        assertThrows(StoreException.class, () -> database().inTransaction(c -> {
            enrollmentTokens();
            try (var s = c.prepareStatement("INSERT INTO admin_tokens (id, token_hash, role, label, created_at)"
                    + " VALUES ('a', 'h', 'OPERATOR', '', ?)")) {
                s.setObject(1, java.time.OffsetDateTime.now(clock()));
                s.executeUpdate();
            }
            throw new StoreException("refused halfway");
        }));
        assertEquals(0, count("admin_tokens"));
    }

    @Test
    default void databaseRefusesWorkAfterClose() throws Exception {
        Database extra = Database.open(settings());
        extra.close();
        assertThrows(StoreException.class, () -> extra.inTransaction(c -> c.isValid(1)));
    }

    @Test
    default void databaseRefusesBadRoleAtTheSchemaLevelToo() throws Exception {
        StoreException e = assertThrows(StoreException.class, () -> database().inTransaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO admin_tokens (id, token_hash, role, label, created_at)"
                    + " VALUES ('a', 'h', 'ROOT', '', ?)")) {
                s.setObject(1, java.time.OffsetDateTime.now(clock()));
                return s.executeUpdate();
            }
        }));
        assertTrue(e.getMessage().contains("SQLSTATE"), e.getMessage());
    }
}
