package io.patchbay.server.impl.dashboard;

import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's files, read once from this jar into memory: a fixed list of names, looked up by exact name, so
 * no request path ever reaches a file system or a class-path lookup (no traversal, no probing of other resources).
 */
final class DashboardAssets {
    static final String BASE = "/io/patchbay/server/dashboard/";
    static final List<String> NAMES = List.of("index.html", "style.css", "icon.svg", "app.js", "api.js", "dom.js",
            "fleet.js", "views.js", "actions.js", "charts.js");

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    DashboardAssets() {
        for (String name : NAMES) {
            try (InputStream in = DashboardAssets.class.getResourceAsStream(BASE + name)) {
                if (in == null) {
                    throw new IllegalStateException("the dashboard asset " + name + " is missing from the server jar");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the dashboard asset " + name, e);
            }
        }
    }

    Reply index(Exchange exchange) {
        return file("index.html");
    }

    /** {@code /dashboard/assets/NAME}: one of {@link #NAMES}, nothing else. */
    Reply asset(Exchange exchange) {
        String path = exchange.request().getHttpURI().getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals("index.html") || !files.containsKey(name)) {
            throw new HttpError(404, "not_found", "no such dashboard asset");
        }
        return file(name);
    }

    private Reply file(String name) {
        return new Reply(200, files.get(name), Map.of("Content-Type", type(name)));
    }

    private static String type(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "text/html; charset=utf-8";
    }
}
