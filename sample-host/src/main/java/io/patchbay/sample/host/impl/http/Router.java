package io.patchbay.sample.host.impl.http;

import io.patchbay.framework.api.ServiceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches on the exact path and method, and turns every failure into a JSON error reply. */
final class Router extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** One resource: the only method it accepts, and what answers it. */
    record Route(String method, Endpoint endpoint) {
    }

    /** More than the largest request worth draining: an upload refused for its size is cut off. */
    private static final long DRAIN_LIMIT = 1024 * 1024;

    private final Map<String, Route> routes;

    Router(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
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

    private static boolean carriesBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /**
     * Reads and drops what a refused request still has in flight (up to {@link #DRAIN_LIMIT}). Answering
     * first and closing would reset a connection whose client is still sending, and the client would lose
     * the answer; a body left unread also ends the connection, breaking a client that reuses it.
     */
    private static boolean drained(Request request) {
        try (InputStream rest = Request.asInputStream(request)) {
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

    private Reply dispatch(Request request) {
        String path = Request.getPathInContext(request);
        Route route = routes.get(path);
        if (route == null) {
            return Reply.error(404, "no such resource: " + path);
        }
        if (!route.method().equals(request.getMethod())) {
            return Reply.error(405, path + " accepts " + route.method() + " only").withHeader("Allow", route.method());
        }
        try {
            return route.endpoint().handle(request);
        } catch (HttpError e) {
            return Reply.error(e.status(), e.getMessage());
        } catch (ServiceUnavailableException e) {
            return Reply.error(503, e.getMessage());
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            return Reply.error(500, "internal error: " + e);
        }
    }
}
