package io.patchbay.server.testing;

import io.patchbay.server.impl.repo.RepositoryHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A {@link RepositoryHandler} on its own Jetty, plain HTTP on 127.0.0.1 and a free port (tests only). */
public final class RepoHttpServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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

    /** {@code method path} with the given header name/value pairs; the body as bytes. */
    public HttpResponse<byte[]> send(String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The first value of header {@code name}, or null. */
    public static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
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
