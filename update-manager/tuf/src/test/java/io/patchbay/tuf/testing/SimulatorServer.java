package io.patchbay.tuf.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loopback HTTP server that serves whatever the test puts in its path table. Records every request path
 * so tests can count what a client fetched. Paths are stored decoded ("/metadata/1.root.json",
 * "/targets/ab..cd.my file.jar").
 */
public final class SimulatorServer implements AutoCloseable {

    /** How a path answers when it is set to stream endless data; bounded so a broken client cannot hang the test. */
    public static final long ENDLESS_LIMIT = 64L * 1024 * 1024;

    static {
        // Without TCP_NODELAY, the JDK server's separate header and body writes meet the client's delayed
        // ACK and every small response takes ~40 ms on loopback. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Boolean> endless = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    public SimulatorServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public String metadataUrl() {
        return baseUri() + "metadata";
    }

    public String targetsUrl() {
        return baseUri() + "targets";
    }

    public void put(String path, byte[] content) {
        files.put(normalise(path), content.clone());
        endless.remove(normalise(path));
    }

    public void remove(String path) {
        files.remove(normalise(path));
        endless.remove(normalise(path));
    }

    public byte[] get(String path) {
        return files.get(normalise(path));
    }

    /** Makes the path answer 200 with a never-ending body (bounded by {@link #ENDLESS_LIMIT}). */
    public void serveEndless(String path) {
        endless.put(normalise(path), Boolean.TRUE);
    }

    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public long count(String path) {
        String p = normalise(path);
        return requests().stream().filter(p::equals).count();
    }

    public void clearRequests() {
        requests.clear();
    }

    private static String normalise(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            if (endless.containsKey(path)) {
                streamEndless(exchange);
                return;
            }
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static void streamEndless(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[16 * 1024];
        java.util.Arrays.fill(chunk, (byte) '{');
        long sent = 0;
        try (OutputStream out = exchange.getResponseBody()) {
            while (sent < ENDLESS_LIMIT) {
                out.write(chunk);
                sent += chunk.length;
            }
        } catch (IOException clientClosed) {
            // Expected: a correct client stops reading at its byte limit and closes the connection.
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
