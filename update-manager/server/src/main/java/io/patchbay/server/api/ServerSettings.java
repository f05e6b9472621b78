package io.patchbay.server.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an update server is set up and started with, as {@link UpdateServer.Builder} collected (and checked)
 * it and an {@link UpdateServerFactory} receives it.
 *
 * @param dataDirectory       where the TLS key, the repository and (by default) the database live; made absolute
 * @param jdbcUrl             PostgreSQL (or another H2), or null for the embedded H2 file in {@code dataDirectory}
 * @param dbUser              the database user ({@code ""} for the embedded H2)
 * @param dbPassword          the database password ({@code ""} for the embedded H2); never printed
 * @param dbConnectionTimeout how long a request waits for a database connection before it is answered 503
 * @param bindHost            the interface to bind
 * @param port                0 picks a free one
 * @param clock               the time source for everything the server decides or stores
 * @param pollInterval        the poll interval told to clients (the sleep hint)
 * @param deadAfterIntervals  after how many poll intervals without a check-in a client counts as dead
 * @param maxInFlight         how many device requests run at once before the answer is 503
 * @param publicUrl           the https URL clients reach the server at (root's location), or null: from
 *                            {@code bindHost} and {@code port}
 * @param maxBundleBytes      the largest bundle jar an upload may carry
 * @param push                the push channel's settings
 */
public record ServerSettings(Path dataDirectory, String jdbcUrl, String dbUser, String dbPassword,
                             Duration dbConnectionTimeout, String bindHost, int port, Clock clock,
                             Duration pollInterval, int deadAfterIntervals, int maxInFlight, URI publicUrl,
                             long maxBundleBytes, PushSettings push) {

    /**
     * Checks that the required settings are present; the bounds were checked by the builder.
     *
     * @param dataDirectory       the data directory
     * @param jdbcUrl             the database URL, or null
     * @param dbUser              the database user
     * @param dbPassword          the database password
     * @param dbConnectionTimeout the connection wait
     * @param bindHost            the interface to bind
     * @param port                the port
     * @param clock               the time source
     * @param pollInterval        the poll interval
     * @param deadAfterIntervals  the dead-client threshold
     * @param maxInFlight         the in-flight limit
     * @param publicUrl           the public URL, or null
     * @param maxBundleBytes      the bundle size limit
     * @param push                the push settings, or null for {@link PushSettings#defaults()}
     * @throws NullPointerException when a required setting is null
     */
    public ServerSettings {
        dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath();
        Objects.requireNonNull(dbUser, "dbUser");
        Objects.requireNonNull(dbPassword, "dbPassword");
        Objects.requireNonNull(dbConnectionTimeout, "dbConnectionTimeout");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pollInterval, "pollInterval");
        push = push == null ? PushSettings.defaults() : push;
    }

    /** Keeps the database password out of logs that print the settings. */
    @Override
    public String toString() {
        return "ServerSettings[dataDirectory=" + dataDirectory + ", jdbcUrl=" + (jdbcUrl == null ? "(embedded H2)" : jdbcUrl)
                + ", dbUser=" + dbUser + ", bindHost=" + bindHost + ", port=" + port + ", publicUrl=" + publicUrl
                + ", pollInterval=" + pollInterval + "]";
    }
}
