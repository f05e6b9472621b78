package io.patchbay.server.impl.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database. The pool is bounded on purpose: a fleet of agents must queue for connections
 * (and get 503 after {@code connectionTimeout}), not open as many as the database allows.
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, int maxPoolSize,
                               Duration connectionTimeout) {

    public static final int DEFAULT_POOL_SIZE = 8;
    public static final int MAX_POOL_SIZE = 64;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    public DatabaseSettings {
        Vendor.fromUrl(jdbcUrl);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (maxPoolSize < 1 || maxPoolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("pool size must be 1.." + MAX_POOL_SIZE + ", was " + maxPoolSize);
        }
        // Hikari's floor is 250 ms; above 60 s a request would hang far past any HTTP timeout.
        if (connectionTimeout.toMillis() < 250 || connectionTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("connection timeout must be 250 ms..60 s, was " + connectionTimeout);
        }
    }

    /** A URL with the default pool bounds. */
    public static DatabaseSettings of(String jdbcUrl, String user, String password) {
        return new DatabaseSettings(jdbcUrl, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * The zero-set-up default: an embedded H2 file database {@code patchbay.mv.db} in {@code dataDirectory}.
     * DB_CLOSE_ON_EXIT=FALSE because {@link Database#close()} closes it in order, not a shutdown hook.
     */
    public static DatabaseSettings embedded(Path dataDirectory) {
        Path file = dataDirectory.toAbsolutePath().resolve("patchbay");
        return of("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "patchbay", "");
    }

    public Vendor vendor() {
        return Vendor.fromUrl(jdbcUrl);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + jdbcUrl + ", user=" + user + ", pool=" + maxPoolSize + "]";
    }
}
