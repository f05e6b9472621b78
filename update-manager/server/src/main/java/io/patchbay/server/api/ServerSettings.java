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
 * @param jdbcUrl             PostgreSQL (or another H2), or null for the embedded H2 file in {@code dataDirectory}
 * @param dbConnectionTimeout how long a request waits for a database connection before it is answered 503
 * @param port                0 picks a free one
 * @param publicUrl           the https URL clients reach the server at (root's location), or null: from
 *                            {@code bindHost} and {@code port}
 * @param push                the push channel's settings
 */
public record ServerSettings(Path dataDirectory, String jdbcUrl, String dbUser, String dbPassword,
                             Duration dbConnectionTimeout, String bindHost, int port, Clock clock,
                             Duration pollInterval, int deadAfterIntervals, int maxInFlight, URI publicUrl,
                             long maxBundleBytes, PushSettings push) {

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
