package io.patchbay.server.impl;

import io.patchbay.server.api.InitResult;
import io.patchbay.server.impl.admin.AdminApi;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.device.DeviceApi;
import io.patchbay.server.impl.http.HttpsServer;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.http.TlsIdentity;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.CheckIns;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.EnrollmentTokens;
import io.patchbay.server.impl.store.Fleet;
import io.patchbay.server.impl.store.InstallReports;
import io.patchbay.server.impl.store.Nonces;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires storage, the device and admin APIs and the HTTPS server together; behind {@code UpdateServer}. */
public final class ServerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);
    /** The signed-request skew window; nonces are kept for it and purged after. */
    static final Duration SKEW = Duration.ofMinutes(5);
    /** How long a rotated-out signing key still verifies (requests signed just before the switch). */
    static final Duration ROTATION_OVERLAP = Duration.ofMinutes(10);
    static final Duration NONCE_PURGE_PERIOD = Duration.ofMinutes(1);

    /** The builder's settings (mutable, owned by one builder). */
    public static final class Config {
        public final Path dataDirectory;
        public String jdbcUrl;
        public String dbUser = "";
        public String dbPassword = "";
        public String bindHost = "127.0.0.1";
        public int port;
        public Clock clock = Clock.systemUTC();
        public Duration pollInterval = Duration.ofMinutes(5);
        public int deadAfterIntervals = 3;
        public int maxInFlight = 16;

        public Config(Path dataDirectory) {
            this.dataDirectory = dataDirectory.toAbsolutePath();
        }

        DatabaseSettings databaseSettings() {
            return jdbcUrl == null ? DatabaseSettings.embedded(dataDirectory)
                    : DatabaseSettings.of(jdbcUrl, dbUser, dbPassword);
        }
    }

    private final Database database;
    private final HttpsServer http;
    private final TlsIdentity identity;
    private final ScheduledExecutorService housekeeping;

    private ServerRuntime(Database database, HttpsServer http, TlsIdentity identity,
            ScheduledExecutorService housekeeping) {
        this.database = database;
        this.http = http;
        this.identity = identity;
        this.housekeeping = housekeeping;
    }

    public static InitResult init(Config config) throws IOException {
        Files.createDirectories(config.dataDirectory);
        TlsIdentity identity = TlsIdentity.generate(config.dataDirectory, config.clock, new SecureRandom());
        try (Database database = open(config)) {
            String token = new AdminTokens(database, config.clock).create(AdminRole.OPERATOR, "init").token();
            LOG.info("initialised {}: TLS pin-sha256 {}", config.dataDirectory, identity.pinSha256());
            return new InitResult(identity.pinSha256(), TlsIdentity.certificateFile(config.dataDirectory), token);
        } catch (StoreException e) {
            throw new IOException("cannot create the first admin token: " + e.getMessage(), e);
        }
    }

    public static ServerRuntime start(Config config) throws IOException {
        if (config.pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("poll interval must be at least 1 s");
        }
        TlsIdentity identity = TlsIdentity.load(config.dataDirectory);
        Database database;
        try {
            database = open(config);
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            Clock clock = config.clock;
            Clients clients = new Clients(database, clock);
            DeviceApi device = new DeviceApi(clients, new CheckIns(database, clock), new InstallReports(database, clock),
                    clock, new DeviceApi.Settings(config.pollInterval, SKEW, ROTATION_OVERLAP));
            AdminApi admin = new AdminApi(new AdminTokens(database, clock), new EnrollmentTokens(database, clock),
                    clients, new Fleet(database, clock), new InstallReports(database, clock),
                    new AdminApi.Settings(config.pollInterval, config.deadAfterIntervals));
            Map<String, Route> routes = new LinkedHashMap<>(device.routes());
            routes.putAll(admin.routes());
            HttpsServer http = HttpsServer.start(identity, config.bindHost, config.port, routes, config.maxInFlight);
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "patchbay-server-housekeeping");
                thread.setDaemon(true);
                return thread;
            });
            Nonces nonces = new Nonces(database, clock);
            housekeeping.scheduleWithFixedDelay(() -> purge(nonces), NONCE_PURGE_PERIOD.toSeconds(),
                    NONCE_PURGE_PERIOD.toSeconds(), TimeUnit.SECONDS);
            LOG.info("serving {} (TLS pin-sha256 {})", http.baseUri(), identity.pinSha256());
            return new ServerRuntime(database, http, identity, housekeeping);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Database open(Config config) throws StoreException {
        return Database.open(config.databaseSettings());
    }

    private static void purge(Nonces nonces) {
        try {
            int purged = nonces.purgeExpired();
            if (purged > 0) {
                LOG.debug("purged {} expired request nonces", purged);
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("nonce purge failed: {}", e.getMessage());
        }
    }

    public int port() {
        return http.port();
    }

    public URI baseUri() {
        return http.baseUri();
    }

    public X509Certificate certificate() {
        return identity.certificate();
    }

    public String pinSha256() {
        return identity.pinSha256();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        try {
            http.close();
        } finally {
            database.close();
        }
    }
}
