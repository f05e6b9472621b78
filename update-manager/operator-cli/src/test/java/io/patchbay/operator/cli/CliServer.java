package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.PinnedTrustManager;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A server made by {@code patchbay server init} and run by {@code patchbay server start} on a free loopback port in
 * a thread, with the operator config init wrote and an HTTP client that trusts exactly the server's pinned key.
 */
final class CliServer implements AutoCloseable {
    final Path data;
    final int port;
    /** What {@code server init} printed (the operator token appears there once). */
    final CliRun init;
    final List<String> admin;
    final OperatorConfig config;
    final HttpClient http;
    private final CountDownLatch stop;
    private final Thread thread;
    private final AtomicInteger exit;

    private CliServer(Path data, int port, CliRun init, CountDownLatch stop, Thread thread, AtomicInteger exit)
            throws Exception {
        this.data = data;
        this.port = port;
        this.init = init;
        this.stop = stop;
        this.thread = thread;
        this.exit = exit;
        admin = List.of("--config", data.resolve("operator.json").toString());
        config = OperatorConfig.read(data.resolve("operator.json"));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new PinnedTrustManager(List.of(config.pinSha256()))}, null);
        http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Inits {@code temp}/data and starts the server with {@code startFlags}; returns once it accepts connections. */
    static CliServer start(Path temp, String... startFlags) throws Exception {
        int port = freePort();
        Path data = temp.resolve("data");
        CliRun init = CliRun.run("server", "init", "--data", data.toString(), "--port", Integer.toString(port),
                "--public-url", "https://127.0.0.1:" + port);
        assertEquals(0, init.exit(), init.toString());
        CountDownLatch stop = new CountDownLatch(1);
        List<String> args = new ArrayList<>(List.of("server", "start", "--data", data.toString()));
        args.addAll(List.of(startFlags));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread thread = new Thread(() -> exit.set(CliRun.run(server -> {
            stop.await();
            server.close();
        }, args.toArray(String[]::new)).exit()), "cli-server");
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts(port)) {
            assertTrue(System.nanoTime() < deadline, "the server did not start");
            assertTrue(thread.isAlive(), "server start ended early");
            Thread.sleep(50);
        }
        return new CliServer(data, port, init, stop, thread, exit);
    }

    /** {@code command} with the admin options, then {@code rest}. */
    CliRun cli(String command, String... rest) {
        return CliRun.run(CliRun.args(admin, command, rest));
    }

    /** Signals {@code server start} to stop and waits for it; returns its exit status (-1 if it has not ended). */
    int stop() throws InterruptedException {
        stop.countDown();
        thread.join(20_000);
        return exit.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Whether something accepts connections on loopback {@code port}. */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
