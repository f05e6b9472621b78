package io.patchbay.server.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private nginx from Debian's {@code nginx} package ({@code /usr/sbin/nginx}, or {@code -Dpatchbay.nginx.bin=FILE})
 * on a free loopback port, in the foreground ({@code daemon off}) with its prefix, pid, logs and temp paths in a
 * temporary directory; the system nginx (if any) is neither used nor touched. Two configurations:
 * {@link #proxy} in front of an HTTP server (our repository handler), {@link #tlsProxy} terminating TLS in front of
 * the whole update server, and {@link #serving} a repository directory itself, with {@code etag on} and the same Cache-Control rules as the handler. Starting waits at most
 * 10 s for the port, stopping at most 10 s for the exit. Without the binary it fails, naming the package.
 */
public final class NginxServer implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final Path prefix;
    private final int port;

    private NginxServer(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    /** nginx as a reverse proxy (HTTP/1.1, keep-alive upstream) to {@code upstream}, e.g. http://127.0.0.1:PORT. */
    public static NginxServer proxy(URI upstream, Path workDir) throws IOException {
        String server = "127.0.0.1:" + upstream.getPort();
        return start(workDir, port -> """
                upstream repository {
                    server %s;
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:%d;
                    location / {
                        proxy_pass http://repository;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_buffering on;
                    }
                }
                """.formatted(server, port));
    }

    /**
     * nginx terminating TLS on {@code port} with {@code certificate} and {@code key} (PEM files) in front of the
     * update server at {@code upstream} (https): what an operator puts in front of a server whose public URL is
     * nginx's. Clients pin the server's TLS key, so nginx presents that same key. The upstream's certificate is not
     * verified: it is the same key on the same loopback machine. Uploads up to 64 MiB pass (nginx's default is 1).
     * The port is the caller's (named in the signed root before nginx can start with the certificate init made).
     */
    public static NginxServer tlsProxy(int port, URI upstream, Path certificate, Path key, Path workDir)
            throws IOException {
        String block = """
                server {
                    listen 127.0.0.1:%d ssl;
                    ssl_certificate "%s";
                    ssl_certificate_key "%s";
                    ssl_protocols TLSv1.2 TLSv1.3;
                    client_max_body_size 64m;
                    location / {
                        proxy_pass https://127.0.0.1:%d;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_ssl_verify off;
                        proxy_request_buffering on;
                    }
                }
                """.formatted(port, certificate.toRealPath(), key.toRealPath(), upstream.getPort());
        return startOn(port, workDir, block);
    }

    /** nginx serving the repository directory (metadata/ and targets/) itself: the static-files deployment. */
    public static NginxServer serving(Path repositoryRoot, Path workDir) throws IOException {
        String root = repositoryRoot.toRealPath().toString();
        return start(workDir, port -> """
                map $uri $repository_cache_control {
                    "~^/metadata/[1-9][0-9]*\\.[^/]+\\.json$" "public, max-age=31536000, immutable";
                    "~^/targets/(.*/)?([0-9a-f]{64}|[0-9a-f]{128})\\.[^/]+$" "public, max-age=31536000, immutable";
                    default "no-cache";
                }
                server {
                    listen 127.0.0.1:%d;
                    root "%s";
                    etag on;
                    autoindex off;
                    disable_symlinks if_not_owner;
                    add_header Cache-Control $repository_cache_control always;
                    add_header X-Content-Type-Options nosniff always;
                    location ~ /\\. { return 404; }
                    location /metadata/ { limit_except GET { deny all; } }
                    location /targets/ { limit_except GET { deny all; } }
                    location / { return 404; }
                }
                """.formatted(port, root.replace("\"", "\\\"")));
    }

    private interface ServerBlock {
        String forPort(int port);
    }

    private static NginxServer start(Path workDir, ServerBlock serverBlock) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken before nginx binds it
            int port = freePort();
            try {
                return startOn(port, workDir, serverBlock.forPort(port));
            } catch (IOException e) {
                last = e;
                if (!String.valueOf(e.getMessage()).contains("in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    private static NginxServer startOn(int port, Path workDir, String serverBlock) throws IOException {
        Path binary = binary();
        Path prefix = Files.createTempDirectory(workDir, "nginx-");
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config(prefix, serverBlock), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(binary.toString(), "-p", prefix + "/", "-e", prefix + "/error.log",
                "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        NginxServer nginx = new NginxServer(process, prefix, port);
        try {
            nginx.awaitPort();
            return nginx;
        } catch (IOException e) {
            nginx.close();
            throw e;
        }
    }

    private static String config(Path prefix, String serverBlock) {
        // As root the master still drops the workers to 'user' (default nobody), which may not read the test's
        // temporary files; as another user the directive is ignored. So name the current user when root.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        String p = prefix.toString();
        return user + """
                worker_processes auto;
                pid "%1$s/nginx.pid";
                error_log "%1$s/error.log" warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    server_tokens off;
                    client_body_temp_path "%1$s/client_body";
                    proxy_temp_path "%1$s/proxy";
                    fastcgi_temp_path "%1$s/fastcgi";
                    uwsgi_temp_path "%1$s/uwsgi";
                    scgi_temp_path "%1$s/scgi";
                    types {
                        application/json json;
                        application/java-archive jar;
                    }
                    default_type application/octet-stream;
                    keepalive_requests 1000000;
                    keepalive_timeout 60s;
                    sendfile on;
                %2$s
                }
                """.formatted(p, serverBlock.indent(4));
    }

    private static Path binary() {
        String configured = System.getProperty("patchbay.nginx.bin");
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("/usr/sbin/nginx"));
        candidates.add(Path.of("/usr/local/sbin/nginx"));
        candidates.add(Path.of("/usr/bin/nginx"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("nginx is not installed (looked for " + candidates + "): install the Debian package "
                + "'nginx' (apt-get install -y nginx), or point -Dpatchbay.nginx.bin at an nginx binary. The nginx "
                + "tests start their own private nginx; no system nginx needs to run.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ": " + logs());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(20, TimeUnit.MILLISECONDS); // returns early if nginx dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for nginx", e);
                }
            }
        }
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within " + WAIT + ": " + logs());
    }

    /** nginx's error log and output, for failure messages. */
    public String logs() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("error.log", "stdout.log")) {
            try {
                Path file = prefix.resolve(name);
                if (Files.exists(file)) {
                    text.append(name).append(": ").append(Files.readString(file, StandardCharsets.UTF_8).strip()).append(' ');
                }
            } catch (IOException e) {
                text.append(name).append(": unreadable ");
            }
        }
        return text.toString().strip();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** SIGTERM (nginx's fast shutdown; the master stops its workers), then SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
