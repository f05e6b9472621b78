package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The admin audit log: one row per successful state-changing admin request, append-only, read newest first. */
public final class AdminAudit {
    public static final int MAX_DETAIL_CHARS = 2048;
    static final int MAX_PATH_CHARS = 256;

    /** One audited request. {@code via}: BEARER or SESSION. */
    public record Entry(long id, Instant at, String tokenId, String tokenLabel, String via, String method, String path,
                        int status, String detail) {
    }

    private final Database database;
    private final Clock clock;

    public AdminAudit(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Appends an entry at the clock's time; {@code detail} and {@code path} are cut to their column bounds. */
    public void record(String tokenId, String tokenLabel, String via, String method, String path, int status,
            String detail) throws StoreException {
        Instant now = Timestamps.truncate(clock.instant());
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO admin_audit"
                    + " (at, token_id, token_label, via, method, path, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                Timestamps.set(insert, 1, now);
                insert.setString(2, tokenId);
                insert.setString(3, cut(tokenLabel, 128));
                insert.setString(4, via);
                insert.setString(5, method);
                insert.setString(6, cut(path, MAX_PATH_CHARS));
                insert.setInt(7, status);
                insert.setString(8, cut(detail, MAX_DETAIL_CHARS));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Entries with an id below {@code beforeId} (null: from the newest), newest first, at most {@code limit}. */
    public List<Entry> page(Long beforeId, int limit) throws StoreException {
        if (limit < 1 || limit > StoreLimits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1.." + StoreLimits.MAX_PAGE_SIZE);
        }
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, at, token_id, token_label, via, method, path,"
                    + " status, detail FROM admin_audit WHERE id < ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
                select.setLong(1, beforeId == null ? Long.MAX_VALUE : beforeId);
                select.setInt(2, limit);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getLong("id"), Timestamps.get(rs, "at"), rs.getString("token_id"),
                                rs.getString("token_label"), rs.getString("via"), rs.getString("method"),
                                rs.getString("path"), rs.getInt("status"), rs.getString("detail")));
                    }
                }
                return entries;
            }
        });
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.replace('\0', ' ');
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }
}
