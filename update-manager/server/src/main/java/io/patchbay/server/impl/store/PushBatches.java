package io.patchbay.server.impl.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Operator pushes ({@code push_batches}, migration V6): one row per push, whatever the number of clients it targets,
 * so a push to the whole fleet is one INSERT in one transaction. The row's id is the counter of every message sealed
 * for it. Nodes read new rows by id ({@link #after}); who answered is derived from check-ins ({@link #status}).
 */
public final class PushBatches {
    /** The most clients one GROUP push may name (as for a deployment's explicit group). */
    public static final int MAX_GROUP = StoreLimits.MAX_DEPLOYMENT_CLIENTS;
    public static final Duration MIN_TTL = Duration.ofSeconds(10);
    /** Crypto's longest push lifetime (PushFormat.MAX_LIFETIME). */
    public static final Duration MAX_TTL = Duration.ofHours(1);
    /** The most rows one {@link #after} page returns. */
    public static final int MAX_PAGE = 500;
    private static final int MAX_CLIENT_ID_CHARS = 36;
    private static final String COLUMNS = "id, action, urgency, target_kind, target, targeted, created_at, expires_at,"
            + " created_by";

    public enum Action { CHECK_NOW, REPORT_HOME }

    public enum Urgency { NORMAL, URGENT }

    public enum TargetKind { CLIENT, GROUP, CHANNEL, ALL }

    /** Whom a push is for: client ids (CLIENT: exactly one; GROUP: 1..{@link #MAX_GROUP}), a channel, or all. */
    public record Target(TargetKind kind, List<String> clientIds, String channel) {
        public Target {
            Objects.requireNonNull(kind, "kind");
            clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
        }

        public static Target client(String clientId) {
            return new Target(TargetKind.CLIENT, List.of(clientId), null);
        }

        public static Target group(List<String> clientIds) {
            return new Target(TargetKind.GROUP, clientIds, null);
        }

        public static Target channel(String channel) {
            return new Target(TargetKind.CHANNEL, List.of(), channel);
        }

        public static Target all() {
            return new Target(TargetKind.ALL, List.of(), null);
        }

        /** Whether a client with this id on this channel is targeted (the in-memory test each node runs). */
        public boolean includes(String clientId, String clientChannel) {
            return switch (kind) {
                case ALL -> true;
                case CHANNEL -> channel.equals(clientChannel);
                case CLIENT, GROUP -> clientIds.contains(clientId);
            };
        }
    }

    /** One stored push; {@code targeted} counts the unrevoked clients it named when it was created. */
    public record Batch(long id, Action action, Urgency urgency, Target target, long targeted, Instant createdAt,
                        Instant expiresAt, String createdBy) {
    }

    /** Who answered a push: clients it targeted that checked in at or after its creation. */
    public record Status(Batch batch, long answered, long unanswered, List<String> unansweredIds) {
    }

    private final Database database;
    private final Clock clock;

    public PushBatches(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Stores a push in one INSERT. CLIENT and GROUP name enrolled clients (an unknown id: 404 {@code unknown_client},
     * nothing written); revoked ones are not counted as targeted and never receive it.
     */
    public Batch create(Action action, Urgency urgency, Target target, Duration ttl, String createdBy)
            throws StoreException {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(urgency, "urgency");
        Target checked = checked(target);
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidInputException("ttlSeconds", "must be " + MIN_TTL.toSeconds() + ".." + MAX_TTL.toSeconds());
        }
        String by = Inputs.name("created by", createdBy, 36);
        Instant now = Timestamps.truncate(clock.instant());
        Instant expires = now.plus(ttl);
        return database.inTransaction(c -> {
            long targeted = countTargeted(c, checked, now);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO push_batches (action, urgency, target_kind,"
                    + " target, targeted, created_at, expires_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                insert.setString(1, action.name());
                insert.setString(2, urgency.name());
                insert.setString(3, checked.kind().name());
                insert.setString(4, targetText(checked));
                insert.setLong(5, targeted);
                Timestamps.set(insert, 6, now);
                Timestamps.set(insert, 7, expires);
                insert.setString(8, by);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return new Batch(keys.getLong(1), action, urgency, checked, targeted, now, expires, by);
                }
            }
        });
    }

    /** Pushes with an id above {@code afterId}, in id order, at most {@code limit} (≤ {@link #MAX_PAGE}). */
    public List<Batch> after(long afterId, int limit) throws StoreException {
        int bounded = Math.max(1, Math.min(limit, MAX_PAGE));
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM push_batches WHERE id > ? ORDER BY id FETCH FIRST " + bounded + " ROWS ONLY")) {
                select.setLong(1, afterId);
                return read(select);
            }
        });
    }

    /** Pushes with exactly these ids (a node re-reading gaps it saw in the id sequence). */
    public List<Batch> byIds(Set<Long> ids) throws StoreException {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> list = new ArrayList<>(ids).subList(0, Math.min(ids.size(), MAX_PAGE));
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM push_batches WHERE id IN ("
                    + placeholders(list.size()) + ") ORDER BY id")) {
                for (int i = 0; i < list.size(); i++) {
                    select.setLong(i + 1, list.get(i));
                }
                return read(select);
            }
        });
    }

    /** The highest id so far (0 when there is none): where a starting node begins. */
    public long maxId() throws StoreException {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT MAX(id) FROM push_batches");
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public Optional<Batch> find(long id) throws StoreException {
        return database.inTransaction(c -> find(c, id));
    }

    /**
     * Who answered push {@code id}: the clients it targeted (enrolled by then, not revoked now) that checked in at or
     * after its creation; at most {@code maxListed} unanswered ids are listed (in id order), all are counted.
     */
    public Status status(long id, int maxListed) throws StoreException {
        int listed = Math.max(0, Math.min(maxListed, StoreLimits.MAX_PAGE_SIZE));
        return database.inTransaction(c -> {
            Batch batch = find(c, id).orElseThrow(() -> new NotFoundException("unknown_push", "no push " + id));
            String where = " FROM clients c JOIN client_state s ON s.client_id = c.id WHERE c.revoked_at IS NULL"
                    + " AND c.enrolled_at <= ?" + targetFilter(batch.target());
            long answered;
            long total;
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN s.last_seen >= ? THEN 1"
                    + " ELSE 0 END)" + where)) {
                int next = bind(count, 1, batch);
                bindTarget(count, next, batch.target());
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                    answered = rs.getLong(2);
                }
            }
            List<String> unanswered = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT c.id" + where
                    + " AND (s.last_seen IS NULL OR s.last_seen < ?) ORDER BY c.id FETCH FIRST " + listed
                    + " ROWS ONLY")) {
                Timestamps.set(select, 1, batch.createdAt());
                int next = bindTarget(select, 2, batch.target());
                Timestamps.set(select, next, batch.createdAt());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        unanswered.add(rs.getString(1));
                    }
                }
            }
            return new Status(batch, answered, total - answered, unanswered);
        });
    }

    private static int bind(PreparedStatement statement, int index, Batch batch) throws SQLException {
        Timestamps.set(statement, index, batch.createdAt());
        Timestamps.set(statement, index + 1, batch.createdAt());
        return index + 2;
    }

    private static Target checked(Target target) throws InvalidInputException {
        Objects.requireNonNull(target, "target");
        switch (target.kind()) {
            case ALL -> {
                return Target.all();
            }
            case CHANNEL -> {
                return Target.channel(Inputs.channel(target.channel()));
            }
            default -> {
                List<String> ids = target.clientIds();
                if (ids.isEmpty() || (target.kind() == TargetKind.CLIENT && ids.size() != 1)) {
                    throw new InvalidInputException("clientIds", target.kind() == TargetKind.CLIENT
                            ? "exactly one client id is needed" : "at least one client id is needed");
                }
                if (ids.size() > MAX_GROUP) {
                    throw new LimitExceededException("clientIds", MAX_GROUP, ids.size(), "client ids");
                }
                Set<String> unique = new LinkedHashSet<>();
                for (String id : ids) {
                    unique.add(Inputs.name("clientIds[]", id, MAX_CLIENT_ID_CHARS));
                }
                return new Target(target.kind(), List.copyOf(unique), null);
            }
        }
    }

    private static long countTargeted(Connection c, Target target, Instant now) throws SQLException, StoreException {
        if (target.kind() == TargetKind.CLIENT || target.kind() == TargetKind.GROUP) {
            Set<String> known = new LinkedHashSet<>();
            long unrevoked = 0;
            try (PreparedStatement select = c.prepareStatement("SELECT id, revoked_at FROM clients WHERE id IN ("
                    + placeholders(target.clientIds().size()) + ")")) {
                bindTarget(select, 1, target);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                        unrevoked += Timestamps.get(rs, "revoked_at") == null ? 1 : 0;
                    }
                }
            }
            List<String> unknown = new ArrayList<>(target.clientIds());
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                throw new NotFoundException("unknown_client", "no enrolled client " + String.join(", ",
                        unknown.subList(0, Math.min(unknown.size(), 10))) + (unknown.size() > 10 ? ", ..." : ""));
            }
            return unrevoked;
        }
        try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM clients c WHERE c.revoked_at IS NULL"
                + " AND c.enrolled_at <= ?" + targetFilter(target))) {
            Timestamps.set(count, 1, now);
            bindTarget(count, 2, target);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String targetFilter(Target target) {
        return switch (target.kind()) {
            case ALL -> "";
            case CHANNEL -> " AND c.channel = ?";
            case CLIENT, GROUP -> " AND c.id IN (" + placeholders(target.clientIds().size()) + ")";
        };
    }

    private static int bindTarget(PreparedStatement statement, int index, Target target) throws SQLException {
        switch (target.kind()) {
            case ALL -> {
                return index;
            }
            case CHANNEL -> {
                statement.setString(index, target.channel());
                return index + 1;
            }
            default -> {
                for (String id : target.clientIds()) {
                    statement.setString(index++, id);
                }
                return index;
            }
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static String targetText(Target target) {
        return switch (target.kind()) {
            case ALL -> null;
            case CHANNEL -> target.channel();
            case CLIENT -> target.clientIds().get(0);
            case GROUP -> {
                try {
                    yield Inputs.JSON.writeValueAsString(target.clientIds());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static Target target(TargetKind kind, String text) throws SQLException {
        return switch (kind) {
            case ALL -> Target.all();
            case CHANNEL -> Target.channel(text);
            case CLIENT -> Target.client(text);
            case GROUP -> {
                try {
                    yield Target.group(Inputs.JSON.readValue(text, new TypeReference<List<String>>() { }));
                } catch (JsonProcessingException e) {
                    throw new SQLException("push_batches.target is not a JSON list of client ids", e);
                }
            }
        };
    }

    private static Optional<Batch> find(Connection c, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM push_batches WHERE id = ?")) {
            select.setLong(1, id);
            List<Batch> found = read(select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<Batch> read(PreparedStatement select) throws SQLException {
        List<Batch> batches = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                TargetKind kind = TargetKind.valueOf(rs.getString("target_kind"));
                batches.add(new Batch(rs.getLong("id"), Action.valueOf(rs.getString("action")),
                        Urgency.valueOf(rs.getString("urgency")), target(kind, rs.getString("target")),
                        rs.getLong("targeted"), Timestamps.get(rs, "created_at"), Timestamps.get(rs, "expires_at"),
                        rs.getString("created_by")));
            }
        }
        return batches;
    }
}
