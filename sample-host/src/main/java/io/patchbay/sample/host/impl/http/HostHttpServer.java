package io.patchbay.sample.host.impl.http;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.sample.host.impl.runtime.HostActivity;
import io.patchbay.sample.host.impl.runtime.HostLicense;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The host's HTTP API on Jetty, bound to the loopback interface only. */
public final class HostHttpServer {

    public static final String BIND_HOST = "127.0.0.1";
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;

    private final Server server;
    private final ServerConnector connector;

    private HostHttpServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Binds {@code port} on 127.0.0.1 (0 = any free port) and serves the host's endpoints. */
    public static HostHttpServer start(Patchbay patchbay, int port) {
        return start(patchbay, port, null);
    }

    /** As {@link #start(Patchbay, int)}, reporting each request's start and end to {@code activity} (if not null). */
    public static HostHttpServer start(Patchbay patchbay, int port, HostActivity activity) {
        return start(patchbay, port, activity, null);
    }

    /** As {@link #start(Patchbay, int, HostActivity)}, with the license endpoints when {@code license} is not null. */
    public static HostHttpServer start(Patchbay patchbay, int port, HostActivity activity, HostLicense license) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("sample-host-http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(BIND_HOST);
        connector.setPort(port);
        server.addConnector(connector);
        Map<String, Router.Route> routes = new HashMap<>(Map.of(
                "/greet", new Router.Route("GET", new GreetEndpoint(patchbay)),
                "/patch-level", new Router.Route("GET", new PatchLevelEndpoint(patchbay)),
                "/patches", new Router.Route("POST", new PatchesEndpoint(patchbay)),
                "/report", new Router.Route("GET", new ReportEndpoint(patchbay, license))));
        if (license != null) {
            routes.put("/license", new Router.Route("GET", LicenseEndpoints.status(license)));
            routes.put("/license/activate", new Router.Route("POST", LicenseEndpoints.activate(license)));
        }
        Handler router = new Router(routes);
        server.setHandler(activity == null ? router : new ActivityHandler(router, activity));
        try {
            server.start();
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException(
                    "cannot serve HTTP on " + BIND_HOST + ":" + port + ": " + e.getMessage(), e);
            try {
                server.stop();
            } catch (Exception stopFailure) {
                failure.addSuppressed(stopFailure);
            }
            throw failure;
        }
        return new HostHttpServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI baseUri() {
        return URI.create("http://" + BIND_HOST + ":" + port());
    }

    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP server: " + e.getMessage(), e);
        }
    }
}
