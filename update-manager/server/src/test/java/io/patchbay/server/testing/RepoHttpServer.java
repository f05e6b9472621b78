package io.patchbay.server.testing;

import io.patchbay.server.impl.repo.RepositoryHandler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A {@link RepositoryHandler} on its own Jetty, plain HTTP on 127.0.0.1 and a free port (tests only). */
public final class RepoHttpServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private RepoHttpServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static RepoHttpServer start(Path repositoryRoot, Clock clock) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("repo-http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new RepositoryHandler(repositoryRoot, clock));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty: " + e, e);
        }
        return new RepoHttpServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty: " + e, e);
        }
    }
}
