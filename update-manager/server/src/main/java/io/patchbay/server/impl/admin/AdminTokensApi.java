package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.AdminTokenInfo;
import io.patchbay.server.store.IssuedToken;
import io.patchbay.server.store.StoreException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin tokens beyond init's first one, OPERATOR only: issue one with a role (a READ_ONLY token for a dashboard
 * or a monitoring script), list them (never their values) and revoke one. The last valid OPERATOR token cannot be
 * revoked, so the server can always be administered. Each change is logged with the token that made it.
 */
public final class AdminTokensApi {
    public static final String TOKENS = "/admin/v1/admin-tokens";
    public static final String REVOKE = "/admin/v1/admin-tokens/revoke";
    private static final Logger LOG = LoggerFactory.getLogger(AdminTokensApi.class);

    record CreateRequest(String role, String label) {
    }

    record Created(String id, String token, String role, String label) {
    }

    record RevokeRequest(String id) {
    }

    record Revoked(String id, boolean revoked) {
    }

    record TokenView(String id, String role, String label, String createdAt, String revokedAt) {
    }

    record TokenList(List<TokenView> tokens) {
    }

    private final AdminAuth auth;
    private final AdminTokens tokens;

    public AdminTokensApi(AdminTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens);
        this.auth = new AdminAuth(tokens);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(TOKENS, Route.post(AdminApi.MAX_BODY, false, this::create));
        routes.put(TOKENS + "/list", Route.get(this::list));
        routes.put(REVOKE, Route.post(AdminApi.MAX_BODY, false, this::revoke));
        return routes;
    }

    private Reply create(Exchange exchange) throws StoreException {
        AdminPrincipal caller = auth.require(exchange, AdminRole.OPERATOR);
        CreateRequest request = Json.read(exchange.body(), CreateRequest.class);
        AdminRole role = role(request.role());
        IssuedToken issued = tokens.create(role, request.label());
        LOG.info("admin token {} ({}, '{}') issued by token {}", issued.id(), role, request.label(), caller.tokenId());
        return Reply.json(201, new Created(issued.id(), issued.token(), role.name(), request.label()));
    }

    private Reply list(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.OPERATOR);
        List<TokenView> views = tokens.list(AdminTokens.MAX_ACTIVE * 5).stream().map(AdminTokensApi::view).toList();
        return Reply.json(200, new TokenList(views));
    }

    private Reply revoke(Exchange exchange) throws StoreException {
        AdminPrincipal caller = auth.require(exchange, AdminRole.OPERATOR);
        RevokeRequest request = Json.read(exchange.body(), RevokeRequest.class);
        if (request.id() == null || request.id().isBlank() || request.id().length() > 64) {
            throw new HttpError(400, "invalid_input", "id: the admin token's id (from the list), 1..64 characters");
        }
        if (!tokens.revokeKeepingAnOperator(request.id())) {
            throw new HttpError(404, "unknown_token", "no valid admin token '" + request.id() + "'");
        }
        LOG.info("admin token {} revoked by token {}", request.id(), caller.tokenId());
        return Reply.json(200, new Revoked(request.id(), true));
    }

    private static AdminRole role(String role) {
        if (role != null) {
            for (AdminRole known : AdminRole.values()) {
                if (known.name().equals(role)) {
                    return known;
                }
            }
        }
        throw new HttpError(400, "invalid_input", "role: READ_ONLY or OPERATOR");
    }

    private static TokenView view(AdminTokenInfo token) {
        return new TokenView(token.id(), token.role().name(), token.label(), text(token.createdAt()),
                text(token.revokedAt()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
