package io.patchbay.server.impl.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.server.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring the HTTPS server will use: the handler under a context path serves the path below it. */
class MountedRepositoryHandlerTest {

    @TempDir
    Path repo;

    @Test
    void servesBelowItsContextPath() throws Exception {
        Files.createDirectories(repo.resolve("metadata"));
        Files.writeString(repo.resolve("metadata/1.root.json"), "{}");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new ContextHandler(new RepositoryHandler(repo, Clock.systemUTC()), "/repo"));
        server.start();
        try {
            int port = connector.getLocalPort();
            RawHttp.Reply ok = RawHttp.get(port, "/repo/metadata/1.root.json");
            assertEquals(200, ok.status(), ok.head());
            assertEquals("{}", ok.body());
            assertEquals(404, RawHttp.get(port, "/metadata/1.root.json").status());
            assertEquals(400, RawHttp.get(port, "/repo/metadata/%2e%2e/1.root.json").status());
            assertEquals(404, RawHttp.get(port, "/repo/").status());
        } finally {
            server.stop();
        }
    }
}
