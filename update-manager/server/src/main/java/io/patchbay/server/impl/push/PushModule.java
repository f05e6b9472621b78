package io.patchbay.server.impl.push;

import io.patchbay.server.api.PushSettings;
import io.patchbay.server.impl.admin.PushApi;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.DatabaseSettings;
import io.patchbay.server.impl.db.Vendor;
import io.patchbay.server.impl.device.StreamAuthenticator;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.ClientChanges;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.Nonces;
import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds a node's push channel (keys, bus, hub, admin routes) from the server's settings; one call from the runtime. */
public final class PushModule implements AutoCloseable {
    /** How long NOTIFYs are gathered into one. */
    static final Duration NOTIFY_WINDOW = Duration.ofMillis(50);
    static final Duration LISTEN_POLL = Duration.ofSeconds(1);
    /** Frames one stream may have waiting before its client counts as too slow. */
    static final int MAX_QUEUED = 16;

    private final PushHub hub;
    private final Map<String, Route> routes;

    private PushModule(PushHub hub, Map<String, Route> routes) {
        this.hub = hub;
        this.routes = routes;
    }

    public static PushModule start(Path dataDirectory, PushSettings settings, Database database,
            DatabaseSettings databaseSettings, ServerRepository repository, Clock clock, Duration skew)
            throws IOException, StoreException {
        PushKeyring keys = PushKeyring.open(dataDirectory, repository, new SecureRandom());
        PushBus bus = database.vendor() == Vendor.POSTGRESQL
                ? new PostgresPushBus(databaseSettings, database.dataSource(), NOTIFY_WINDOW, LISTEN_POLL)
                : new LocalPushBus();
        String node = settings.nodeId() != null ? settings.nodeId() : UUID.randomUUID().toString().substring(0, 8);
        PushBatches store = new PushBatches(database, clock);
        Clients clients = new Clients(database, clock);
        PushHub hub;
        try {
            hub = new PushHub(new PushHub.Settings(node, settings.keepalive(), settings.maxConnections(), MAX_QUEUED,
                    settings.rescan(), Duration.ofSeconds(30)), store, bus, keys,
                    new StreamAuthenticator(clients, new Nonces(database, clock), clock, skew),
                    new ClientChanges(database), keys::refresh, clock);
        } catch (StoreException | RuntimeException e) {
            bus.close();
            throw e;
        }
        Map<String, Route> routes = new LinkedHashMap<>(hub.routes());
        routes.putAll(new PushApi(new AdminTokens(database, clock), hub, store, keys, repository,
                settings.defaultTtl()).routes());
        return new PushModule(hub.start(), routes);
    }

    public Map<String, Route> routes() {
        return routes;
    }

    public PushHub hub() {
        return hub;
    }

    @Override
    public void close() {
        hub.close();
    }
}
