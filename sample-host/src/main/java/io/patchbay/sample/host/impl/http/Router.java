package io.patchbay.sample.host.impl.http;

import io.patchbay.framework.api.ServiceUnavailableException;
import java.util.Map;
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

    private final Map<String, Route> routes;

    Router(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        dispatch(request).send(response, callback);
        return true;
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
