package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Bearer-token authentication of the admin API: a missing, malformed, unknown or revoked token is 401 (one
 * answer for all), a token whose role is too weak is 403.
 */
public final class AdminAuth {
    private static final String SCHEME = "Bearer ";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"patchbay-admin\"");

    private final AdminTokens tokens;

    public AdminAuth(AdminTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens);
    }

    /** The caller, if its token is valid and its role at least {@code required}. */
    public AdminPrincipal require(Exchange exchange, AdminRole required) throws StoreException {
        List<String> values = exchange.headerValues("Authorization");
        if (values.size() != 1 || !values.get(0).regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new HttpError(401, "unauthorized", "send one 'Authorization: Bearer <admin token>' header", CHALLENGE);
        }
        String token = values.get(0).substring(SCHEME.length()).trim();
        AdminPrincipal principal = tokens.verify(token)
                .orElseThrow(() -> new HttpError(401, "unauthorized", "the admin token is not valid", CHALLENGE));
        if (required == AdminRole.OPERATOR && principal.role() != AdminRole.OPERATOR) {
            throw new HttpError(403, "forbidden", "this needs an OPERATOR token; yours is " + principal.role());
        }
        return principal;
    }
}
