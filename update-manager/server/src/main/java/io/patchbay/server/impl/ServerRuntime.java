package io.patchbay.server.impl;

import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.ServerSettings;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.impl.admin.AdminApi;
import io.patchbay.server.impl.admin.AdminTokensApi;
import io.patchbay.server.impl.admin.DeploymentReportsApi;
import io.patchbay.server.impl.store.DeploymentStatus;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.device.DeviceApi;
import io.patchbay.server.impl.ext.Extensions;
import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.spi.ClientNotifier;
import io.patchbay.server.impl.http.HttpsServer;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.http.TlsIdentity;
import io.patchbay.server.impl.http.TlsSlots;
import io.patchbay.server.impl.admin.CertificateApi;
import io.patchbay.server.impl.admin.LocationApi;
import io.patchbay.server.impl.dashboard.DashboardModule;
import io.patchbay.server.impl.store.AdminAudit;
import io.patchbay.server.impl.rotation.CertificateRotation;
import io.patchbay.server.impl.rotation.LocationMove;
import io.patchbay.server.impl.rotation.LocationProbe;
import io.patchbay.server.impl.rotation.RotationAudit;
import io.patchbay.server.impl.store.RotationReadiness;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.CheckIns;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.EnrollmentTokens;
import io.patchbay.server.impl.store.Fleet;
import io.patchbay.server.impl.store.InstallReports;
import io.patchbay.server.impl.store.Nonces;
import io.patchbay.server.impl.store.Deployments;
import io.patchbay.server.impl.store.FleetLag;
import io.patchbay.server.impl.store.Releases;
import io.patchbay.server.impl.admin.ReleaseApi;
import io.patchbay.server.impl.release.BundleUploads;
import io.patchbay.server.impl.release.ReleasePublisher;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.repo.RepositoryHandler;
import io.patchbay.server.impl.push.PushHub;
import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.impl.push.PushKeyring;
import io.patchbay.server.impl.push.PushModule;
import io.patchbay.server.impl.rollout.RolloutModule;
import io.patchbay.crypto.api.TlsPins;
import io.patchbay.tuf.api.model.TrustedLocation;
import java.util.List;
import java.util.Optional;
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
final class ServerRuntime implements UpdateServer {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);
    /** The signed-request skew window; nonces are kept for it and purged after. */
    static final Duration SKEW = Duration.ofMinutes(5);
    /** How long a rotated-out signing key still verifies (requests signed just before the switch). */
    static final Duration ROTATION_OVERLAP = Duration.ofMinutes(10);
    static final Duration NONCE_PURGE_PERIOD = Duration.ofMinutes(1);
    static final Duration RENEW_PERIOD = Duration.ofMinutes(30);

    /** Root's trusted location: {@code URL/repo/metadata/} and {@code URL/repo/targets/}, or empty. */
    static Optional<URI> repositoryUrl(ServerSettings config) {
        if (config.publicUrl() != null) {
            String base = config.publicUrl().toString().replaceAll("/+$", "");
            return Optional.of(URI.create(base + HttpsServer.REPOSITORY_PATH + "/"));
        }
        if (config.port() == 0) {
            return Optional.empty();
        }
        String bindHost = config.bindHost();
        String host = bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
        return Optional.of(URI.create("https://" + host + ":" + config.port() + HttpsServer.REPOSITORY_PATH + "/"));
    }

    static DatabaseSettings databaseSettings(ServerSettings config) {
        DatabaseSettings chosen = config.jdbcUrl() == null ? DatabaseSettings.embedded(config.dataDirectory())
                : DatabaseSettings.of(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        return new DatabaseSettings(chosen.jdbcUrl(), chosen.user(), chosen.password(), chosen.maxPoolSize(),
                config.dbConnectionTimeout());
    }

    private final Database database;
    private final HttpsServer http;
    private final LiveTls tls;
    private final ScheduledExecutorService housekeeping;
    private PushModule push;
    private final Extensions extensions;

    private ServerRuntime(Database database, HttpsServer http, LiveTls tls, ScheduledExecutorService housekeeping,
            Extensions extensions) {
        this.extensions = extensions;
        this.database = database;
        this.http = http;
        this.tls = tls;
        this.housekeeping = housekeeping;
    }

    /** The identity served now; the renewal's activate swaps it (the HTTPS server is bound once it started). */
    private static final class LiveTls implements CertificateRotation.TlsSwitch {
        private volatile TlsIdentity identity;
        private volatile HttpsServer http;

        LiveTls(TlsIdentity identity) {
            this.identity = identity;
        }

        @Override
        public String servingPin() {
            return identity.pinSha256();
        }

        @Override
        public synchronized void serve(TlsIdentity next) {
            http.serve(next);
            identity = next;
            LOG.info("now serving TLS pin-sha256 {}", next.pinSha256());
        }
    }

    static InitResult init(ServerSettings config) throws IOException {
        Files.createDirectories(config.dataDirectory());
        TlsIdentity identity = TlsIdentity.generate(config.dataDirectory(), config.clock(), new SecureRandom());
        Optional<TrustedLocation> location = repositoryUrl(config).map(url -> new TrustedLocation(
                url.resolve("metadata/"), url.resolve("targets/"), List.of(TlsPins.PREFIX + identity.pinSha256())));
        if (location.isEmpty()) {
            LOG.warn("no public URL and port 0 at init: the repository's root names no location; clients must be"
                    + " configured with the repository URL");
        }
        String pushKey = PushKeyring.init(config.dataDirectory(), new SecureRandom());
        Path root = ServerRepository.init(config.dataDirectory(), location, List.of(pushKey), config.clock());
        try (Database database = open(config)) {
            String token = new AdminTokens(database, config.clock()).create(AdminRole.OPERATOR, "init").token();
            LOG.info("initialised {}: TLS pin-sha256 {}, repository root {}", config.dataDirectory(),
                    identity.pinSha256(), root);
            return new InitResult(identity.pinSha256(), TlsIdentity.certificateFile(config.dataDirectory()), token, root);
        } catch (StoreException e) {
            throw new IOException("cannot create the first admin token: " + e.getMessage(), e);
        }
    }

    /**
     * What an extension's {@code notifyClient} does: an urgent CHECK_NOW to that one client (e.g. a license revoked
     * or suspended: its host renews at once instead of at the next lease interval). A push is only a wake-up.
     */
    private static ClientNotifier notifier(PushHub hub, Duration ttl) {
        return clientId -> {
            try {
                hub.push(PushBatches.Action.CHECK_NOW, PushBatches.Urgency.URGENT, PushBatches.Target.client(clientId),
                        ttl, "extension");
                return true;
            } catch (StoreException e) {
                LOG.warn("cannot push to {} for an extension: {}", clientId, e.getMessage());
                return false;
            }
        };
    }

    static ServerRuntime start(ServerSettings config) throws IOException {
        if (config.pollInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("poll interval must be at least 1 s");
        }
        TlsIdentity identity = TlsIdentity.load(config.dataDirectory());
        ServerRepository repository = ServerRepository.open(config.dataDirectory(), config.clock());
        Database database;
        try {
            database = open(config);
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        PushModule push = null;
        Extensions extensions = null;
        try {
            Clock clock = config.clock();
            Clients clients = new Clients(database, clock);
            Deployments deployments = new Deployments(database, clock);
            RolloutModule rollouts = new RolloutModule(database, clock);
            DeviceApi device = new DeviceApi(clients, new CheckIns(database, clock), new InstallReports(database, clock),
                    deployments, clock, new DeviceApi.Settings(config.pollInterval(), SKEW, ROTATION_OVERLAP),
                    rollouts.engine());
            AdminApi admin = new AdminApi(new AdminTokens(database, clock), new EnrollmentTokens(database, clock),
                    clients, new Fleet(database, clock), new InstallReports(database, clock),
                    new AdminApi.Settings(config.pollInterval(), config.deadAfterIntervals()));
            Map<String, Route> routes = new LinkedHashMap<>(device.routes());
            routes.putAll(admin.routes());
            BundleUploads uploads = new BundleUploads(config.dataDirectory(), config.maxBundleBytes());
            Releases releases = new Releases(database, clock);
            routes.putAll(new ReleaseApi(new AdminTokens(database, clock), uploads,
                    new ReleasePublisher(uploads, repository, releases), releases, deployments,
                    new FleetLag(database)).routes());
            routes.putAll(new DeploymentReportsApi(new AdminTokens(database, clock), deployments,
                    new DeploymentStatus(database)).routes());
            routes.putAll(new AdminTokensApi(new AdminTokens(database, clock)).routes());
            routes.putAll(rollouts.routes());
            LiveTls tls = new LiveTls(identity);
            Duration liveWindow = config.pollInterval().multipliedBy(config.deadAfterIntervals());
            RotationAudit rotationAudit = new RotationAudit(config.dataDirectory().resolve("tls").resolve("rotations.log"),
                    clock);
            routes.putAll(new CertificateApi(new AdminTokens(database, clock), new CertificateRotation(
                    TlsSlots.open(config.dataDirectory()), repository, new RotationReadiness(database), tls, clock,
                    new SecureRandom(), liveWindow, rotationAudit)).routes());
            routes.putAll(new LocationApi(new AdminTokens(database, clock), new LocationMove(repository,
                    new RotationReadiness(database), tls, new LocationProbe(), clock, liveWindow, rotationAudit,
                    config.dataDirectory().resolve("location-move.json"))).routes());
            renew(repository);
            push = PushModule.start(config.dataDirectory(), config.push(), database, databaseSettings(config),
                    repository, clock, SKEW);
            routes.putAll(push.routes());
            extensions = Extensions.start(Extensions.discover(ServerRuntime.class.getClassLoader()),
                    new Extensions.Host(database, new AdminAuth(new AdminTokens(database, clock)), clock,
                            config.dataDirectory(), notifier(push.hub(), config.push().defaultTtl())), routes.keySet());
            routes.putAll(extensions.routes());
            DashboardModule dashboard = new DashboardModule(new AdminTokens(database, clock), new AdminAudit(database,
                    clock), new InstallReports(database, clock), clock);
            routes.putAll(dashboard.routes());
            HttpsServer http = HttpsServer.start(identity, config.bindHost(), config.port(), dashboard.audited(routes),
                    config.maxInFlight(),
                    new RepositoryHandler(repository.dir(), clock));
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "patchbay-server-housekeeping");
                thread.setDaemon(true);
                return thread;
            });
            Nonces nonces = new Nonces(database, clock);
            housekeeping.scheduleWithFixedDelay(() -> purge(nonces), NONCE_PURGE_PERIOD.toSeconds(),
                    NONCE_PURGE_PERIOD.toSeconds(), TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(rollouts.housekeeping(), RolloutModule.EVALUATE_PERIOD.toSeconds(),
                    RolloutModule.EVALUATE_PERIOD.toSeconds(), TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(() -> renew(repository), RENEW_PERIOD.toMinutes(),
                    RENEW_PERIOD.toMinutes(), TimeUnit.MINUTES);
            LOG.info("serving {} (TLS pin-sha256 {})", http.baseUri(), identity.pinSha256());
            tls.http = http;
            ServerRuntime runtime = new ServerRuntime(database, http, tls, housekeeping, extensions);
            runtime.push = push;
            return runtime;
        } catch (StoreException | IOException | RuntimeException e) {
            if (extensions != null) {
                extensions.close();
            }
            if (push != null) {
                push.close();
            }
            database.close();
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Database open(ServerSettings config) throws StoreException {
        return Database.open(databaseSettings(config));
    }

    /** Re-signs snapshot/timestamp (and targets) before they expire; a failure is logged and retried later. */
    private static void renew(ServerRepository repository) {
        try {
            if (repository.renewExpiring()) {
                LOG.info("re-signed expiring repository metadata");
            }
        } catch (RuntimeException e) {
            LOG.warn("renewing repository metadata failed: {}", e.getMessage());
        }
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

    @Override
    public int port() {
        return http.port();
    }

    @Override
    public URI baseUri() {
        return http.baseUri();
    }

    @Override
    public X509Certificate certificate() {
        return tls.identity.certificate();
    }

    @Override
    public String certificatePinSha256() {
        return tls.identity.pinSha256();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        try {
            push.close(); // ends every push stream cleanly before the connector goes
            http.close();
        } finally {
            try {
                extensions.close();
            } finally {
                database.close();
            }
        }
    }
}
