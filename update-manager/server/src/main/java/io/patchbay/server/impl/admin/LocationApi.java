package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.rotation.LocationMove;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The location move in the admin API: its status (read-only tokens), stage and finish (operator tokens). Stage
 * names only an origin; the pins stay root's (a new key is a certificate renewal), so a stolen operator token can
 * at worst move clients to an address that already serves this repository with the pinned key, unless forced.
 */
public final class LocationApi {
    public static final String LOCATION = "/admin/v1/server/location";
    static final int MAX_BODY = 2048;

    /** A stage request. */
    record StageRequest(String publicUrl, Boolean force) {
    }

    /** A finish request. */
    record FinishRequest(Boolean force) {
    }

    record StatusView(String phase, boolean changed, String location, String previousLocation, long rootVersion,
                      Long movedInRoot, String movedAt, long pendingClients, String settledBy, List<String> pins) {
    }

    private final AdminAuth auth;
    private final LocationMove move;

    public LocationApi(AdminTokens tokens, LocationMove move) {
        this.auth = new AdminAuth(tokens);
        this.move = Objects.requireNonNull(move);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(LOCATION, Route.get(this::status));
        routes.put(LOCATION + "/stage", RotationRoutes.post(auth, MAX_BODY, StageRequest.class, (by, request) -> {
            if (request.publicUrl() == null) {
                throw new HttpError(400, "invalid_location", "publicUrl is required");
            }
            try {
                return view(move.stage(by.tokenId(), request.publicUrl(), Boolean.TRUE.equals(request.force())));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "invalid_location", e.getMessage());
            }
        }));
        routes.put(LOCATION + "/finish", RotationRoutes.post(auth, MAX_BODY, FinishRequest.class,
                (by, request) -> view(move.finish(by.tokenId(), Boolean.TRUE.equals(request.force())))));
        return routes;
    }

    private Reply status(Exchange exchange) throws StoreException, IOException {
        auth.require(exchange, AdminRole.READ_ONLY);
        return Reply.json(200, view(move.status()));
    }

    private static StatusView view(LocationMove.Status s) {
        return new StatusView(s.phase().name(), s.changed(), s.location(), s.previousLocation(), s.rootVersion(),
                s.movedInRoot(), text(s.movedAt()), s.pendingClients(), text(s.settledBy()), s.pins());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
