package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.DashboardSessions;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;

/**
 * Authentication of the admin API: a bearer token ({@code Authorization: Bearer}), or the dashboard's session
 * cookie. A missing, malformed, unknown or revoked credential is 401 (one answer for all), a role too weak is 403.
 * A request authenticated by the cookie that is not a GET must also carry the session's CSRF token in
 * {@link #CSRF_HEADER}: a browser sends the cookie along with any other site's forged form or fetch, never that
 * header. A bearer request needs no CSRF token (no browser adds that header by itself), so scripts are unchanged.
 * The caller is left on the request ({@link #PRINCIPAL}, {@link #VIA}) for the audit log.
 */
public final class AdminAuth {
    /** {@code __Host-}: the browser keeps it only when Secure, Path=/ and without Domain, so no sibling host sets it. */
    public static final String COOKIE = "__Host-pb_session";
    public static final String CSRF_HEADER = "X-Patchbay-CSRF";
    public static final String PRINCIPAL = "io.patchbay.admin.principal";
    /** "BEARER" or "SESSION". */
    public static final String VIA = "io.patchbay.admin.via";

    private static final String SCHEME = "Bearer ";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"patchbay-admin\"");

    private final AdminTokens tokens;
    private final DashboardSessions sessions;

    public AdminAuth(AdminTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens);
        this.sessions = tokens.sessions();
    }

    /** The caller, if its token (or session) is valid and its role at least {@code required}. */
    public AdminPrincipal require(Exchange exchange, AdminRole required) throws StoreException {
        List<String> values = exchange.headerValues("Authorization");
        AdminPrincipal principal;
        String via;
        if (values.isEmpty() && sessionCookie(exchange).isPresent()) {
            DashboardSessions.Session session = session(exchange)
                    .orElseThrow(() -> new HttpError(401, "unauthorized", "the dashboard session is not valid;"
                            + " sign in again", CHALLENGE));
            if (!"GET".equals(exchange.method())) {
                requireCsrf(exchange, session);
            }
            principal = session.principal();
            via = "SESSION";
        } else {
            if (values.size() != 1 || !values.get(0).regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                throw new HttpError(401, "unauthorized", "send one 'Authorization: Bearer <admin token>' header",
                        CHALLENGE);
            }
            String token = values.get(0).substring(SCHEME.length()).trim();
            principal = tokens.verify(token)
                    .orElseThrow(() -> new HttpError(401, "unauthorized", "the admin token is not valid", CHALLENGE));
            via = "BEARER";
        }
        if (required == AdminRole.OPERATOR && principal.role() != AdminRole.OPERATOR) {
            throw new HttpError(403, "forbidden", "this needs an OPERATOR token; yours is " + principal.role());
        }
        exchange.request().setAttribute(PRINCIPAL, principal);
        exchange.request().setAttribute(VIA, via);
        return principal;
    }

    /** The live session the request's cookie names, if any (two cookies of that name: none, fail closed). */
    public Optional<DashboardSessions.Session> session(Exchange exchange) throws StoreException {
        Optional<String> cookie = sessionCookie(exchange);
        return cookie.isEmpty() ? Optional.empty() : sessions.find(cookie.get());
    }

    /** The session cookie's value; empty when absent, or when sent twice (a planted cookie beside the real one). */
    public static Optional<String> sessionCookie(Exchange exchange) {
        List<HttpCookie> cookies = Request.getCookies(exchange.request());
        if (cookies == null) {
            return Optional.empty();
        }
        List<String> values = cookies.stream().filter(c -> COOKIE.equals(c.getName())).map(HttpCookie::getValue)
                .toList();
        return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
    }

    private static void requireCsrf(Exchange exchange, DashboardSessions.Session session) {
        List<String> sent = exchange.headerValues(CSRF_HEADER);
        boolean matches = sent.size() == 1 && MessageDigest.isEqual(sent.get(0).getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            throw new HttpError(403, "csrf", "a dashboard request that changes something must carry this session's "
                    + CSRF_HEADER + " header");
        }
    }
}
