package io.patchbay.tuf.impl.http;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.FetchResponse;
import io.patchbay.tuf.api.FetchSink;
import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.UntrustedLocationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The default {@link Fetcher}: HttpURLConnection with a connect timeout and a deadline for the whole
 * request, no redirects (a redirect could leave the trusted location), no proxy, no caches (but conditional
 * GETs of timestamp.json when the updater asks: {@link #fetchConditional}), a read
 * that stops at the byte bound, and persistent connections (the JDK's keep-alive cache).
 *
 * <p>Pinned requests use an SSLSocketFactory whose only trust is a {@link io.patchbay.crypto.api.PinnedTrustManager} over the
 * request's pins, TLS 1.3 only; an https request with no pins, or a pinned request over plain http, fails
 * before connecting. One factory is kept per pin set, so a root rotation to new pins selects a new one.
 *
 * <p>Why not java.net.http: its client costs more than half a second of CPU to start (a selector thread,
 * ~350 classes), which dominated a one-shot {@code tuf-client} call; HttpURLConnection starts in tens of ms.
 */
public final class HttpFetcher implements Fetcher {

    private static final int BUFFER = 16 * 1024;
    /** Error bodies are read (to reuse the connection) only up to this much, then the connection is dropped. */
    private static final int MAX_ERROR_BODY = 8 * 1024;

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final SSLContext unpinnedSslContext;
    private final Map<List<String>, SSLSocketFactory> pinnedFactories = new ConcurrentHashMap<>();

    private HttpFetcher(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.unpinnedSslContext = builder.unpinnedSslContext;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The whole exchange (connect, headers, body) must finish within the request timeout, which also ends a
     * slow-retrieval attack: a watchdog disconnects at the deadline, whatever the server trickles.
     */
    @Override
    public byte[] fetch(FetchRequest request) {
        return exchange(request, null, false).body();
    }

    /**
     * Sends {@code If-None-Match} when a tag is given; a 304 answers "not modified" only then (without a tag
     * a 304 is an HTTP failure like any other non-200). The body's {@code ETag} is reported when the answer
     * carries exactly one, well formed.
     */
    @Override
    public FetchResponse fetchConditional(FetchRequest request, String ifNoneMatch) {
        if (ifNoneMatch != null && !FetchResponse.isWellFormedEtag(ifNoneMatch)) {
            throw new IllegalArgumentException("not a well-formed entity tag: " + ifNoneMatch);
        }
        return exchange(request, ifNoneMatch, true);
    }

    /**
     * Sends {@code Range: bytes=offset-} (and {@code If-Range}) when resuming; accepts a 206 only with a
     * {@code Content-Range} that starts at {@code offset} and ends within the bound ({@link ContentRange}), and
     * never reads beyond what it declares. The body goes to the sink while it arrives.
     */
    @Override
    public void fetchRange(FetchRequest request, long offset, String ifRange, FetchSink sink) {
        if (offset < 0 || offset > request.maxBytes()) {
            throw new IllegalArgumentException("offset " + offset + " is outside 0.." + request.maxBytes());
        }
        if (ifRange != null && !FetchResponse.isWellFormedEtag(ifRange)) {
            throw new IllegalArgumentException("not a well-formed entity tag: " + ifRange);
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (offset > 0) {
            headers.put("Range", "bytes=" + offset + "-");
            if (ifRange != null) {
                headers.put("If-Range", ifRange);
            }
        }
        exchange(request, headers, (connection, status) -> {
            long start;
            long limit;
            if (status == 206 && offset > 0) {
                ContentRange range = ContentRange.parse(connection.getHeaderField("Content-Range"), request, offset);
                start = range.first();
                limit = range.length();
            } else if (status == 200) {
                start = 0;
                limit = request.maxBytes();
            } else {
                discardErrorBody(connection);
                throw new DownloadException("fetching " + request.uri() + " answered HTTP " + status, status, null);
            }
            long declared = connection.getContentLengthLong();
            if (declared > limit) {
                connection.disconnect();
                throw tooLong(request, status, "declares " + declared + " bytes, more");
            }
            if (status == 206 && declared >= 0 && declared != limit) {
                connection.disconnect();
                throw new DownloadException(request.uri() + ": Content-Length " + declared
                        + " does not match the Content-Range of " + limit + " bytes", 206, null);
            }
            long expected = status == 206 ? limit : declared;
            try (InputStream in = connection.getInputStream()) {
                sink.start(start, singleEtag(connection));
                copyBounded(in, connection, request, status, limit, sink, expected);
            } catch (RuntimeException e) {
                connection.disconnect(); // refused mid-body: the rest must not be read, nor the connection reused
                throw e;
            }
            return null;
        });
    }

    private FetchResponse exchange(FetchRequest request, String ifNoneMatch, boolean wantEtag) {
        Map<String, String> headers = ifNoneMatch == null ? Map.of() : Map.of("If-None-Match", ifNoneMatch);
        return exchange(request, headers, (connection, status) -> {
            if (status == 304 && ifNoneMatch != null) {
                discardNotModifiedBody(connection);
                return FetchResponse.notModified();
            }
            if (status != 200) {
                discardErrorBody(connection);
                throw new DownloadException("fetching " + request.uri() + " answered HTTP " + status, status, null);
            }
            long declared = connection.getContentLengthLong();
            if (declared > request.maxBytes()) {
                connection.disconnect();
                throw new LengthExceededException(request.uri() + " declares " + declared + " bytes, at most "
                        + request.maxBytes() + " allowed");
            }
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = readBounded(in, connection, request);
            }
            return FetchResponse.of(body, wantEtag ? singleEtag(connection) : null);
        });
    }

    /** What to make of an answer, once its status is known. */
    private interface Answer<T> {
        T read(HttpURLConnection connection, int status) throws IOException;
    }

    private <T> T exchange(FetchRequest request, Map<String, String> headers, Answer<T> answer) {
        URI uri = request.uri();
        SSLSocketFactory tls = tlsFor(request);
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        HttpURLConnection connection = open(uri, tls);
        headers.forEach(connection::setRequestProperty);
        Watchdog watchdog = new Watchdog(connection);
        ScheduledFuture<?> timer = Deadlines.schedule(watchdog, requestTimeout.toNanos());
        try {
            T result = answer.read(connection, connection.getResponseCode());
            if (!watchdog.finish()) {
                // The deadline passed while the last bytes arrived: the connection was cut, do not trust timing.
                throw new DownloadException("fetching " + uri + " did not complete within " + requestTimeout
                        + " (slow retrieval?)", null);
            }
            return result;
        } catch (IOException e) {
            connection.disconnect();
            if (System.nanoTime() - deadline >= 0 || watchdog.fired() || e instanceof java.net.SocketTimeoutException) {
                throw new DownloadException("fetching " + uri + " did not complete within " + requestTimeout
                        + " (slow retrieval?)", e);
            }
            throw new DownloadException("cannot fetch " + uri + ": " + describe(e), e);
        } finally {
            watchdog.finish();
            timer.cancel(false);
        }
    }

    /**
     * Passes at most {@code limit} bytes on; one byte more and the connection is dropped. Fewer than
     * {@code expected} (the declared length, or -1) is a broken transfer: HttpURLConnection reports a connection
     * closed early as a normal end of a body whose length it was told.
     */
    private static void copyBounded(InputStream in, HttpURLConnection connection, FetchRequest request, int status,
            long limit, FetchSink sink, long expected) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (n > limit - total) {
                connection.disconnect();
                throw tooLong(request, status, "sent more");
            }
            total += n;
            sink.write(buffer, 0, n);
        }
        if (expected >= 0 && total < expected) {
            throw new IOException("the connection closed after " + total + " of " + expected + " bytes");
        }
    }

    /** A whole file beyond the bound is an endless-data attack; a 206 body beyond its Content-Range is malformed. */
    private static io.patchbay.tuf.api.TransportException tooLong(FetchRequest request, int status, String what) {
        if (status == 206) {
            return new DownloadException(request.uri() + ": partial answer " + what + " than its Content-Range",
                    206, null);
        }
        return new LengthExceededException(request.uri() + ": " + what + " than the " + request.maxBytes()
                + " bytes allowed; stopped reading (endless-data attack?)");
    }

    private HttpURLConnection open(URI uri, SSLSocketFactory tls) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(millis(connectTimeout));
            connection.setReadTimeout(millis(requestTimeout));
            connection.setRequestProperty("Accept-Encoding", "identity");
            // Keep-alive (HttpURLConnection's default): a body read to its end, or an error body drained,
            // hands the connection back to the JDK's keep-alive cache, and the next request of the refresh
            // reuses it (a cold refresh makes five). The cache is keyed by host, port AND socket factory, so
            // a pinned request only ever reuses a connection made with the same pin set.
            if (connection instanceof HttpsURLConnection https && tls != null) {
                https.setSSLSocketFactory(tls);
            }
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw new DownloadException("cannot fetch " + uri + ": " + describe(e), e);
        }
    }

    /** Reads at most maxBytes; one byte more and the connection is dropped (endless-data attack). */
    private static byte[] readBounded(InputStream in, HttpURLConnection connection, FetchRequest request)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(request.maxBytes(), BUFFER));
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > request.maxBytes()) {
                connection.disconnect();
                throw new LengthExceededException(request.uri() + " sent more than the " + request.maxBytes()
                        + " bytes allowed; stopped reading (endless-data attack?)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A 304 has no body; anything the server sends anyway is refused beyond a few bytes. */
    private static void discardNotModifiedBody(HttpURLConnection connection) throws IOException {
        try (InputStream in = connection.getInputStream()) {
            if (in != null && in.readNBytes(MAX_ERROR_BODY + 1).length > MAX_ERROR_BODY) {
                connection.disconnect();
            }
        }
    }

    /** The ETag header's value if the answer has exactly one such header; null otherwise (ignored). */
    private static String singleEtag(HttpURLConnection connection) {
        String found = null;
        int count = 0;
        for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase("ETag")) {
                for (String value : header.getValue()) {
                    found = value;
                    count++;
                }
            }
        }
        return count == 1 ? found : null;
    }

    private static void discardErrorBody(HttpURLConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            if (error != null && error.readNBytes(MAX_ERROR_BODY + 1).length > MAX_ERROR_BODY) {
                connection.disconnect();
            }
        } catch (IOException e) {
            connection.disconnect();
        }
    }

    /** The TLS socket factory for an https request (null for http); refuses what must not connect at all. */
    private SSLSocketFactory tlsFor(FetchRequest request) {
        String scheme = request.uri().getScheme();
        boolean https = "https".equalsIgnoreCase(scheme);
        if (!https) {
            if (request.pinned() && !request.tlsPins().isEmpty()) {
                throw new UntrustedLocationException("trusted root pins TLS keys, so " + request.uri()
                        + " must be fetched over https; refusing plain " + scheme);
            }
            if (!"http".equalsIgnoreCase(scheme)) {
                throw new DownloadException("cannot fetch " + request.uri() + ": only http and https are supported");
            }
            return null;
        }
        if (!request.pinned()) {
            return unpinnedSslContext == null ? null : unpinnedSslContext.getSocketFactory();
        }
        if (request.tlsPins().isEmpty()) {
            throw new UntrustedLocationException("trusted root names no TLS pins for " + request.uri()
                    + ": refusing an unpinned https connection");
        }
        return pinnedFactories.computeIfAbsent(List.copyOf(request.tlsPins()), PinnedTls::socketFactory);
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getClass().getSimpleName();
    }

    /** Timeouts and, for unpinned https (fixed repository URLs), an optional custom SSLContext. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private SSLContext unpinnedSslContext;

        private Builder() {
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Whole-request timeout (headers and body): also bounds a slow-retrieval attack. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Trust for requests that are not pinned (fixed URLs); default: the JRE's. */
        public Builder unpinnedSslContext(SSLContext context) {
            this.unpinnedSslContext = context;
            return this;
        }

        public HttpFetcher build() {
            return new HttpFetcher(this);
        }
    }
}
