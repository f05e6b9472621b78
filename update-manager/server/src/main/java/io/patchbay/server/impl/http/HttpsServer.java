package io.patchbay.server.impl.http;

import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty on one HTTPS connector and nothing else: TLS 1.3, with TLS 1.2 as the floor; no plain-HTTP
 * connector. Bounded: worker threads, request header size, idle time (and, in the router, bodies and
 * in-flight device requests).
 */
public final class HttpsServer implements AutoCloseable {
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    public static final int MAX_THREADS = 32;
    public static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    public static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** Where the TUF repository is served: {@code https://HOST:PORT/repo/metadata/...} and {@code .../targets/...}. */
    public static final String REPOSITORY_PATH = "/repo";

    private final Server server;
    private final ServerConnector connector;
    private final SslContextFactory.Server tls;
    private final String host;

    private HttpsServer(Server server, ServerConnector connector, SslContextFactory.Server tls, String host) {
        this.server = server;
        this.connector = connector;
        this.tls = tls;
        this.host = host;
    }

    /** Binds {@code host:port} (0 = a free port) and serves {@code routes} over TLS with {@code identity}. */
    public static HttpsServer start(TlsIdentity identity, String host, int port, Map<String, Route> routes,
            int maxInFlight) {
        return start(identity, host, port, routes, maxInFlight, null);
    }

    /**
     * As above, and {@code repository} (if not null) mounted at {@link #REPOSITORY_PATH}: requests below it go
     * to that handler (which serves the raw path below the context), every other request to the router.
     */
    public static HttpsServer start(TlsIdentity identity, String host, int port, Map<String, Route> routes,
            int maxInFlight, Handler repository) {
        // Jetty's own queue stays unbounded (a bounded one can drop Jetty's internal jobs); the load bound is
        // the router's in-flight limit, which answers 503 + Retry-After instead of queueing.
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("patchbay-server-http");
        Server server = new Server(threads);

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(identity.keyStore());
        tls.setKeyStorePassword(identity.password());
        tls.setCertAlias(TlsIdentity.ALIAS);
        tls.setIncludeProtocols(PROTOCOLS);
        tls.setRenegotiationAllowed(false);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach the server by IP or any name; they trust the key by its pin, not by the name.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);

        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        Router router = new Router(routes, maxInFlight);
        server.setHandler(new SecurityHeaders(repository == null ? router
                : new Handler.Sequence(new ContextHandler(repository, REPOSITORY_PATH), router)));
        try {
            server.start();
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException(
                    "cannot serve HTTPS on " + host + ":" + port + ": " + e.getMessage(), e);
            try {
                server.stop();
            } catch (Exception stopFailure) {
                failure.addSuppressed(stopFailure);
            }
            throw failure;
        }
        return new HttpsServer(server, connector, tls, host);
    }

    /**
     * Presents {@code identity} from the next handshake on, without a restart: Jetty builds a new SSLContext and
     * swaps it in. Connections already open keep the session they negotiated (with the key root still pins).
     */
    public void serve(TlsIdentity identity) {
        try {
            tls.reload(factory -> {
                factory.setKeyStore(identity.keyStore());
                factory.setKeyStorePassword(identity.password());
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot switch the TLS identity: " + e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI baseUri() {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + authority + ":" + port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTPS server: " + e.getMessage(), e);
        }
    }
}
