package io.patchbay.server.api;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Patchbay update server: the device API ({@code /device/v1/...}) and the admin API
 * ({@code /admin/v1/...}) over HTTPS only, on fleet storage in an H2 file (default) or PostgreSQL.
 *
 * <pre>{@code
 * InitResult init = UpdateServer.builder(dataDir).init();      // once: TLS key + certificate, admin token
 * try (UpdateServer server = UpdateServer.builder(dataDir).port(8443).start()) { ... }
 * }</pre>
 *
 * <p>The implementation comes from {@link UpdateServerFactory}.
 */
@ProviderType
public interface UpdateServer extends AutoCloseable {

    /**
     * Starts configuring a server.
     *
     * @param dataDirectory where its keys and (by default) database live
     * @return a builder with safe defaults
     * @throws NullPointerException when {@code dataDirectory} is null
     */
    static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /**
     * The bound port.
     *
     * @return the port, the free one chosen when configured with 0
     */
    int port();

    /**
     * Where the server listens.
     *
     * @return {@code https://host:port}
     */
    URI baseUri();

    /**
     * The certificate the server presents now.
     *
     * @return the TLS certificate
     */
    X509Certificate certificate();

    /**
     * The pin-sha256 of the TLS key the server presents now, as root names it.
     *
     * @return RFC 7469 pin-sha256 (padded base64 of SHA-256 of the key's SPKI)
     */
    String certificatePinSha256();

    /** Stops serving and closes the database. */
    @Override
    void close();

    /** The server's configuration; every setting has a safe default. */
    final class Builder {
        private final Path dataDirectory;
        private String jdbcUrl;
        private String dbUser = "";
        private String dbPassword = "";
        private Duration dbConnectionTimeout = Duration.ofSeconds(5);
        private String bindHost = "127.0.0.1";
        private int port;
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = Duration.ofMinutes(5);
        private int deadAfterIntervals = 3;
        private int maxInFlight = 16;
        private URI publicUrl;
        private long maxBundleBytes = 16L * 1024 * 1024;
        private PushSettings push = PushSettings.defaults();

        private Builder(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        }

        /**
         * PostgreSQL (or another H2) instead of the embedded H2 file in the data directory.
         *
         * @param jdbcUrl  the JDBC URL
         * @param user     the database user
         * @param password the database password (kept out of logs)
         * @return this builder
         * @throws NullPointerException when an argument is null
         */
        public Builder database(String jdbcUrl, String user, String password) {
            this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.dbUser = Objects.requireNonNull(user, "user");
            this.dbPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * How long a request waits for a database connection (the pool is bounded) before it is answered 503 with
         * Retry-After: the outage a client sees. 5 s by default, 250 ms..60 s.
         *
         * @param timeout the wait
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder databaseTimeout(Duration timeout) {
            if (timeout.toMillis() < 250 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("databaseTimeout must be 250 ms..60 s, was " + timeout);
            }
            this.dbConnectionTimeout = timeout;
            return this;
        }

        /**
         * The interface to bind; 127.0.0.1 by default, so a fresh server is not reachable from the network.
         *
         * @param host a host name or address
         * @return this builder
         */
        public Builder bindHost(String host) {
            this.bindHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port; 0 (the default) picks a free one.
         *
         * @param port 0..65535
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            this.port = port;
            return this;
        }

        /**
         * The clock for every time the server decides or stores (tests inject one); the system clock by default.
         *
         * @param clock the time source
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The poll interval told to clients (the sleep hint); 5 minutes by default, at least 1 s.
         *
         * @param interval the interval (its lower bound is checked by {@link #start()})
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * A client is dead after this many poll intervals without a check-in; 3 by default.
         *
         * @param intervals at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder deadAfterIntervals(int intervals) {
            if (intervals < 1) {
                throw new IllegalArgumentException("deadAfterIntervals must be at least 1");
            }
            this.deadAfterIntervals = intervals;
            return this;
        }

        /**
         * How many device requests run at once; beyond it the answer is 503 with Retry-After. 16 by default.
         *
         * @param requests at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxInFlight(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1");
            }
            this.maxInFlight = requests;
            return this;
        }

        /**
         * The https URL clients reach this server at, e.g. {@code https://updates.example:8443}. At init it is
         * written into the repository's signed root as the trusted location ({@code URL/repo/metadata/},
         * {@code URL/repo/targets/}) with the TLS pin; changing it later is a root rotation. Default:
         * {@code https://bindHost:port} when the port is not 0, otherwise root names no location.
         *
         * @param url an absolute https URL
         * @return this builder
         * @throws IllegalArgumentException when it is not an absolute https URL
         */
        public Builder publicUrl(URI url) {
            if (!"https".equals(Objects.requireNonNull(url, "url").getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("the public URL must be an absolute https URL");
            }
            this.publicUrl = url;
            return this;
        }

        /**
         * The largest bundle jar an upload may carry; 16 MiB by default.
         *
         * @param bytes 1 KiB to 2 GiB
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxBundleBytes(long bytes) {
            if (bytes < 1024 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxBundleBytes must be 1 KiB..2 GiB");
            }
            this.maxBundleBytes = bytes;
            return this;
        }

        /**
         * The push channel: keepalive, connection cap per node, default push TTL ({@link PushSettings#defaults()}).
         *
         * @param settings the push settings
         * @return this builder
         */
        public Builder push(PushSettings settings) {
            this.push = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Creates the data directory's TLS key and self-signed certificate and the first (OPERATOR) admin
         * token; migrates the database. Refuses to run twice on one data directory.
         *
         * @return the pin, the files to ship to clients, and the admin token (shown this once)
         * @throws java.io.IOException when the data directory was initialised already or cannot be written, or
         *                             the database cannot be reached
         */
        public InitResult init() throws java.io.IOException {
            return UpdateServerFactory.get().init(settings());
        }

        /**
         * Starts serving; {@link #init()} must have run on the data directory.
         *
         * @return the running server; close it to stop
         * @throws java.io.IOException when the data directory was not initialised, the port cannot be bound, or
         *                             the database cannot be reached; a failing extension stops the start too
         *                             (see {@link io.patchbay.server.spi.ServerExtension})
         * @throws IllegalArgumentException when the poll interval is below 1 s
         */
        public UpdateServer start() throws java.io.IOException {
            return UpdateServerFactory.get().start(settings());
        }

        private ServerSettings settings() {
            return new ServerSettings(dataDirectory, jdbcUrl, dbUser, dbPassword, dbConnectionTimeout, bindHost, port,
                    clock, pollInterval, deadAfterIntervals, maxInFlight, publicUrl, maxBundleBytes, push);
        }
    }
}
