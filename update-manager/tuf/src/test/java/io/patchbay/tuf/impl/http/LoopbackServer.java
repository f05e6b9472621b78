package io.patchbay.tuf.impl.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty 12 on 127.0.0.1 (random port), HTTPS with a given identity and optionally plain HTTP. Serves
 * {@link #files}, plus "/endless" (chunked, no length, bounded at 64 MiB), "/lying-length" (declares 10 MB)
 * and "/slow" (headers, then nothing until {@link #close()}).
 */
public final class LoopbackServer implements AutoCloseable {

    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /**
     * ETag header values sent with a file (several = several headers); an {@code If-None-Match} equal to a
     * file's only tag is answered 304.
     */
    public final Map<String, List<String>> etags = new ConcurrentHashMap<>();
    /** Files answered 304 whatever the request sent. */
    public final Set<String> alwaysNotModified = ConcurrentHashMap.newKeySet();
    /** The If-None-Match header of the last request (null for none). */
    public volatile String lastIfNoneMatch;
    /** Requests that reached the handler (over either connector). */
    public final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    /** TCP connections accepted (over either connector): fewer than requests means connections were reused. */
    public final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final Server server = new Server();
    private final ServerConnector https;
    private final ServerConnector http;
    private final CountDownLatch release = new CountDownLatch(1);

    public LoopbackServer(TestCertificates.Identity identity, String... tlsProtocols) throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(identity.keyStore("pw".toCharArray()));
        ssl.setKeyStorePassword("pw");
        if (tlsProtocols.length > 0) {
            ssl.setIncludeProtocols(tlsProtocols);
        }
        https = new ServerConnector(server, ssl);
        https.setHost("127.0.0.1");
        http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        server.addConnector(https);
        server.addConnector(http);
        for (ServerConnector connector : new ServerConnector[] {https, http}) {
            connector.addEventListener(new Connection.Listener() {
                @Override
                public void onOpened(Connection connection) {
                    if (!(connection instanceof SslConnection)) { // one TLS connection is two Connections
                        connections.incrementAndGet();
                    }
                }
            });
        }
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                lastIfNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
                serve(Request.getPathInContext(request), lastIfNoneMatch, response, callback);
                return true;
            }
        });
        // No graceful stop: graceful shutdown waits until every connection is closed, and a client that keeps
        // connections alive (HttpURLConnection's keep-alive cache, as HttpFetcher does) holds idle ones open
        // for seconds, so stop() would time out. A test server has no in-flight work worth draining; the
        // handlers that block are released in close() before stopping.
        server.setStopTimeout(0);
        server.start();
    }

    public String httpsBase() {
        return "https://127.0.0.1:" + https.getLocalPort() + "/";
    }

    public String httpBase() {
        return "http://127.0.0.1:" + http.getLocalPort() + "/";
    }

    private void serve(String path, String ifNoneMatch, Response response, Callback callback) {
        try {
            switch (path) {
                case "/endless" -> endless(response, callback);
                case "/lying-length" -> {
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 10_000_000L);
                    FutureCallback flushed = new FutureCallback();
                    response.write(false, ByteBuffer.wrap(new byte[] {'x'}), flushed);
                    flushed.get(5, TimeUnit.SECONDS);
                    release.await(5, TimeUnit.SECONDS);
                    callback.failed(new IllegalStateException("never completes"));
                }
                case "/slow" -> {
                    response.setStatus(200);
                    FutureCallback flushed = new FutureCallback();
                    response.write(false, ByteBuffer.wrap(new byte[] {'x'}), flushed);
                    flushed.get(5, TimeUnit.SECONDS);
                    release.await(5, TimeUnit.SECONDS);
                    callback.succeeded();
                }
                default -> {
                    byte[] body = files.get(path.substring(1));
                    List<String> tags = etags.getOrDefault(path.substring(1), List.of());
                    tags.forEach(tag -> response.getHeaders().add(HttpHeader.ETAG, tag));
                    if (alwaysNotModified.contains(path.substring(1))
                            || body != null && tags.size() == 1 && tags.get(0).equals(ifNoneMatch)) {
                        response.setStatus(304);
                        callback.succeeded();
                    } else if (body == null) {
                        response.setStatus(404);
                        callback.succeeded();
                    } else {
                        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                        response.write(true, ByteBuffer.wrap(body), callback);
                    }
                }
            }
        } catch (Exception e) {
            callback.failed(e);
        }
    }

    private static void endless(Response response, Callback callback) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 1024; i++) {
            FutureCallback written = new FutureCallback();
            response.write(false, ByteBuffer.wrap(chunk), written);
            written.get(5, TimeUnit.SECONDS);
        }
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    @Override
    public void close() throws Exception {
        release.countDown();
        server.stop();
    }
}
