package io.patchbay.server.impl.http;

import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.TokenRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches on the exact path (or "PREFIX/*" for one last path segment) and method, enforces the route's body limit and the in-flight limit, and
 * turns every failure into a JSON error reply ({@code {"status", "error", "message"}}).
 */
public final class Router extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** More than the largest request worth draining: a body refused for its size is cut off. */
    private static final long DRAIN_LIMIT = 1024 * 1024;

    private final Map<String, Route> routes;
    private final Semaphore inFlight;
    private final int maxInFlight;

    /** @param maxInFlight how many limited requests may run at once; the next one gets 503 + Retry-After */
    public Router(Map<String, Route> routes, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.routes = Map.copyOf(routes);
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Reply reply = dispatch(request);
        if (reply.status() >= 400 && carriesBody(request) && !drained(request)) {
            // The rest of the body stays unread: the connection cannot carry another request, so say so.
            reply = reply.withHeader(HttpHeader.CONNECTION.asString(), HttpHeaderValue.CLOSE.asString());
        }
        reply.send(response, callback);
        return true;
    }

    private Reply dispatch(Request request) {
        String path = request.getHttpURI().getPath();
        Route route = routes.get(path);
        int slash = path.lastIndexOf('/');
        if (route == null && slash > 0 && slash < path.length() - 1) {
            // "/a/b/*" answers "/a/b/<one segment>" (an id in the path); the endpoint checks the segment
            route = routes.get(path.substring(0, slash + 1) + "*");
        }
        if (route == null) {
            return Reply.error(404, "not_found", "no such resource: " + path);
        }
        if (!route.method().equals(request.getMethod())) {
            return Reply.error(405, "method_not_allowed", path + " accepts " + route.method() + " only")
                    .withHeader("Allow", route.method());
        }
        if (!route.limited()) {
            return run(route, request, path);
        }
        if (!inFlight.tryAcquire()) {
            return StoreErrors.unavailable("the server is handling " + maxInFlight
                    + " device requests already; retry after the Retry-After delay").toReply();
        }
        try {
            return run(route, request, path);
        } finally {
            inFlight.release();
        }
    }

    private static Reply run(Route route, Request request, String path) {
        try {
            byte[] body = readBody(request, route);
            return route.endpoint().handle(new Exchange(request, request.getMethod(),
                    request.getHttpURI().getPathQuery(), body));
        } catch (HttpError e) {
            return e.toReply();
        } catch (StoreException e) {
            HttpError error = StoreErrors.toHttp(e);
            if (e instanceof TokenRejectedException || error.status() >= 500) {
                LOG.info("{} {}: {} ({})", request.getMethod(), path, error.status(), e.getMessage());
            }
            if (error.status() == 500) {
                LOG.error("{} {} failed in storage", request.getMethod(), path, e);
            }
            return error.toReply();
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            return Reply.error(500, "internal_error", "internal error; see the server log");
        }
    }

    private static byte[] readBody(Request request, Route route) throws IOException {
        long declared = request.getLength();
        if (route.maxBodyBytes() == 0) {
            if (declared > 0) {
                throw new HttpError(413, "too_large", route.method() + " takes no request body");
            }
            return new byte[0];
        }
        if (declared > route.maxBodyBytes()) {
            throw new HttpError(413, "too_large", "the request body is " + declared + " bytes; the limit is "
                    + route.maxBodyBytes());
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (route.streamedType() != null) {
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).trim().equals(route.streamedType())) {
                throw new HttpError(415, "unsupported_media_type", "send the body as " + route.streamedType());
            }
            return new byte[0]; // the endpoint streams it, after authenticating the request
        }
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).replace(" ", "").matches(
                "application/json(;charset=utf-8)?")) {
            throw new HttpError(415, "unsupported_media_type", "send the body as application/json (UTF-8)");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(route.maxBodyBytes() + 1);
            if (body.length > route.maxBodyBytes()) {
                throw new HttpError(413, "too_large", "the request body is larger than " + route.maxBodyBytes() + " bytes");
            }
            return body;
        }
    }

    private static boolean carriesBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /**
     * Reads and drops what a refused request still has in flight (up to {@link #DRAIN_LIMIT}), so the client
     * gets the answer instead of a reset, and a kept-alive connection stays usable.
     */
    private static boolean drained(Request request) {
        if (request.getLength() > DRAIN_LIMIT) {
            return false;
        }
        try (InputStream rest = Content.Source.asInputStream(request)) {
            long skipped = 0;
            while (skipped <= DRAIN_LIMIT) {
                if (rest.read() < 0) {
                    return true;
                }
                skipped += 1 + rest.skip(DRAIN_LIMIT + 1 - skipped);
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
