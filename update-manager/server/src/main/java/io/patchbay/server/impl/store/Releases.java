package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.Release;
import io.patchbay.server.store.ReleaseBundle;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Releases: a named set of bundles at a level (one more than the newest release's). A bundle version is
 * immutable: the same symbolic name and version with other bytes is refused, whichever release had it.
 */
public final class Releases {

    /** The repository publication, run inside the release's transaction: if it throws, nothing is stored. */
    @FunctionalInterface
    public interface Publication {
        void publish(long level) throws StoreException;
    }

    private final Database database;
    private final Clock clock;

    public Releases(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Checks a release id and its bundles without touching the database. */
    public static void validate(String id, List<ReleaseBundle> bundles) throws InvalidInputException {
        Inputs.name("releaseId", id, StoreLimits.MAX_RELEASE_ID_CHARS);
        if (bundles == null || bundles.isEmpty()) {
            throw new InvalidInputException("bundles", "a release needs at least one bundle");
        }
        if (bundles.size() > StoreLimits.MAX_RELEASE_BUNDLES) {
            throw new LimitExceededException("bundles", StoreLimits.MAX_RELEASE_BUNDLES, bundles.size(), "entries");
        }
        Set<String> names = new HashSet<>();
        for (ReleaseBundle bundle : bundles) {
            Inputs.name("bundle symbolic name", bundle.symbolicName(), StoreLimits.MAX_BUNDLE_NAME_CHARS);
            Inputs.name("bundle version", bundle.version(), StoreLimits.MAX_BUNDLE_VERSION_CHARS);
            if (!names.add(bundle.symbolicName())) {
                throw new InvalidInputException("bundles", bundle.symbolicName() + " appears twice in the release");
            }
            if (bundle.sha256() == null || !bundle.sha256().matches("[0-9a-f]{64}") || bundle.length() < 0) {
                throw new InvalidInputException("bundles", "sha256 must be 64 lower-case hex digits");
            }
        }
    }

    /**
     * Stores the release at the next level and runs {@code publication} in the same transaction: a refused
     * release (duplicate id, a bundle version with other bytes) publishes nothing, and a failed publication
     * stores nothing.
     *
     * @throws ConflictException {@code duplicate_release} or {@code bundle_conflict}
     */
    public Release create(String id, List<ReleaseBundle> bundles, String createdBy, Publication publication)
            throws StoreException {
        validate(id, bundles);
        Instant now = Timestamps.truncate(clock.instant());
        return database.inTransaction(c -> {
            if (find(c, id).isPresent()) {
                throw new ConflictException("duplicate_release", "a release '" + id + "' exists already");
            }
            for (ReleaseBundle bundle : bundles) {
                checkImmutable(c, bundle);
            }
            long level = nextLevel(c);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO releases (id, release_level, created_at,"
                    + " created_by) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setLong(2, level);
                Timestamps.set(insert, 3, now);
                insert.setString(4, createdBy);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO release_bundles (release_id, target_path,"
                    + " symbolic_name, bundle_version, sha256, length_bytes) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ReleaseBundle bundle : bundles) {
                    insert.setString(1, id);
                    insert.setString(2, bundle.targetPath());
                    insert.setString(3, bundle.symbolicName());
                    insert.setString(4, bundle.version());
                    insert.setString(5, bundle.sha256());
                    insert.setLong(6, bundle.length());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            publication.publish(level);
            return new Release(id, level, now, bundles);
        });
    }

    public Optional<Release> find(String id) throws StoreException {
        return database.inTransaction(c -> find(c, id));
    }

    /** Newest first, at most {@code limit}. */
    public List<Release> list(int limit) throws StoreException {
        return database.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id FROM releases ORDER BY release_level DESC FETCH FIRST ? ROWS ONLY")) {
                select.setInt(1, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Release> releases = new ArrayList<>();
            for (String id : ids) {
                releases.add(find(c, id).orElseThrow());
            }
            return releases;
        });
    }

    static Optional<Release> find(Connection c, String id) throws SQLException {
        long level;
        Instant createdAt;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT release_level, created_at FROM releases WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                level = rs.getLong(1);
                createdAt = Timestamps.get(rs, "created_at");
            }
        }
        List<ReleaseBundle> bundles = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT target_path, symbolic_name, bundle_version, sha256,"
                + " length_bytes FROM release_bundles WHERE release_id = ? ORDER BY symbolic_name")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    bundles.add(new ReleaseBundle(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4).trim(), rs.getLong(5)));
                }
            }
        }
        return Optional.of(new Release(id, level, createdAt, bundles));
    }

    private static void checkImmutable(Connection c, ReleaseBundle bundle) throws SQLException, StoreException {
        try (PreparedStatement select = c.prepareStatement("SELECT sha256 FROM release_bundles"
                + " WHERE symbolic_name = ? AND bundle_version = ?")) {
            select.setString(1, bundle.symbolicName());
            select.setString(2, bundle.version());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).trim().equals(bundle.sha256())) {
                        throw new ConflictException("bundle_conflict", bundle.symbolicName() + " " + bundle.version()
                                + " was published before with other bytes; a bundle version is immutable,"
                                + " raise Bundle-Version");
                    }
                }
            }
        }
    }

    private static long nextLevel(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT MAX(release_level) FROM releases");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1) + 1;
        }
    }
}
