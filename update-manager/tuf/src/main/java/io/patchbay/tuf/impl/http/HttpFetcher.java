package io.patchbay.tuf.impl.http;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.TufException;
import io.patchbay.tuf.api.UntrustedLocationException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The default {@link Fetcher}: java.net.http with connect and request timeouts, no redirects (a redirect
 * could leave the trusted location), and a read that stops at the byte bound.
 *
 * <p>Pinned requests use an HttpClient whose only trust is a {@link PinnedTrustManager} over the request's
 * pins, TLS 1.3 only; an https request with no pins fails before connecting. One client is kept per pin set,
 * so a root rotation to new pins simply selects a new client.
 *
 * <p>Clients are created on first use: plain http:// requests go to a client without any TLS set-up
 * ({@link NoTlsContext}), so a process that only talks http never pays for loading the JRE's TLS stack.
 */
public final class HttpFetcher implements Fetcher {

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final SSLContext unpinnedSslContext;
    private volatile HttpClient plainClient;
    private volatile HttpClient unpinnedTlsClient;
    private final Map<List<String>, HttpClient> pinnedClients = new ConcurrentHashMap<>();

    private HttpFetcher(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.unpinnedSslContext = builder.unpinnedSslContext;
    }

    public static Builder builder() {
        return new Builder();
    }

    private HttpClient.Builder baseBuilder() {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
    }

    /**
     * The whole exchange (connect, headers, body) must finish within the request timeout, which also ends a
     * slow-retrieval attack; the body is bounded by {@link BoundedBodySubscriber}.
     */
    @Override
    public byte[] fetch(FetchRequest request) {
        HttpClient client = clientFor(request);
        HttpRequest httpRequest = HttpRequest.newBuilder(request.uri()).timeout(requestTimeout).GET().build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(httpRequest, info -> bodyFor(request, info));
        try {
            HttpResponse<byte[]> response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                throw new DownloadException("fetching " + request.uri() + " answered HTTP " + response.statusCode(),
                        response.statusCode(), null);
            }
            return response.body();
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DownloadException("fetching " + request.uri() + " did not complete within " + requestTimeout
                    + " (slow retrieval?)", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted while fetching " + request.uri(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TufException tuf) {
                throw tuf;
            }
            throw new DownloadException("cannot fetch " + request.uri() + ": " + describe(cause), cause);
        }
    }

    private static HttpResponse.BodySubscriber<byte[]> bodyFor(FetchRequest request, HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
        if (declared.isPresent() && declared.getAsLong() > request.maxBytes()) {
            LengthExceededException tooLong = new LengthExceededException(request.uri() + " declares "
                    + declared.getAsLong() + " bytes, at most " + request.maxBytes() + " allowed");
            return new FailingBodySubscriber(tooLong);
        }
        return new BoundedBodySubscriber(request.uri(), request.maxBytes());
    }

    private HttpClient clientFor(FetchRequest request) {
        if (!"https".equalsIgnoreCase(request.uri().getScheme())) {
            if (request.pinned() && !request.tlsPins().isEmpty()) {
                throw new UntrustedLocationException("trusted root pins TLS keys, so " + request.uri()
                        + " must be fetched over https; refusing plain " + request.uri().getScheme());
            }
            return plainClient();
        }
        if (!request.pinned()) {
            return unpinnedTlsClient();
        }
        if (request.tlsPins().isEmpty()) {
            throw new UntrustedLocationException("trusted root names no TLS pins for " + request.uri()
                    + ": refusing an unpinned https connection");
        }
        return pinnedClients.computeIfAbsent(List.copyOf(request.tlsPins()), this::pinnedClient);
    }

    private HttpClient plainClient() {
        HttpClient client = plainClient;
        if (client == null) {
            synchronized (this) {
                client = plainClient;
                if (client == null) {
                    client = baseBuilder().sslContext(new NoTlsContext()).sslParameters(new SSLParameters()).build();
                    plainClient = client;
                }
            }
        }
        return client;
    }

    /** Fixed https URLs: the configured SSLContext, else the JRE's default trust. */
    private HttpClient unpinnedTlsClient() {
        HttpClient client = unpinnedTlsClient;
        if (client == null) {
            synchronized (this) {
                client = unpinnedTlsClient;
                if (client == null) {
                    HttpClient.Builder unpinned = baseBuilder();
                    if (unpinnedSslContext != null) {
                        unpinned.sslContext(unpinnedSslContext);
                    }
                    client = unpinned.build();
                    unpinnedTlsClient = client;
                }
            }
        }
        return client;
    }

    private HttpClient pinnedClient(List<String> pins) {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {new PinnedTrustManager(pins)}, new SecureRandom());
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3"});
            return baseBuilder().sslContext(context).sslParameters(parameters).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS 1.3 is not available in this JRE", e);
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
