package io.patchbay.server.impl.dashboard;

import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.DashboardSessions;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Dashboard sign-in and sign-out. Signing in trades an admin token for a server-side session: an HttpOnly, Secure,
 * SameSite=Strict {@code __Host-} cookie that scripts cannot read, plus a CSRF token the page echoes on every
 * change. Each sign-in makes a new session id (a cookie the browser already had is never promoted: no fixation).
 * Sign-in attempts per node are bounded per minute; a token keeps a bounded number of sessions.
 */
final class SessionApi {
    static final String SESSION = "/dashboard/v1/session";
    static final String SIGN_OUT = "/dashboard/v1/session/end";
    static final int MAX_SIGN_IN_BODY = 1024;
    /** Sign-in attempts one node answers per minute; the rest get 429 (tokens are 256-bit: this bounds load). */
    static final int MAX_SIGN_INS_PER_MINUTE = 30;

    record SignIn(String token) {
    }

    record SessionView(String tokenId, String label, String role, String csrfToken, String expiresAt,
                       long idleSeconds) {
    }

    private final AdminTokens tokens;
    private final DashboardSessions sessions;
    private final AdminAuth auth;
    private final Clock clock;
    private Instant window = Instant.EPOCH;
    private int attempts;

    SessionApi(AdminTokens tokens, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens);
        this.sessions = tokens.sessions();
        this.auth = new AdminAuth(tokens);
        this.clock = Objects.requireNonNull(clock);
    }

    Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(SESSION, Route.post(MAX_SIGN_IN_BODY, false, this::signIn));
        routes.put(SESSION + "/current", Route.get(this::current));
        routes.put(SIGN_OUT, Route.post(MAX_SIGN_IN_BODY, false, this::signOut));
        return routes;
    }

    private Reply signIn(Exchange exchange) throws StoreException {
        countAttempt();
        SignIn request = Json.read(exchange.body(), SignIn.class);
        AdminPrincipal principal = tokens.verify(request.token())
                .orElseThrow(() -> new HttpError(401, "unauthorized", "the admin token is not valid"));
        DashboardSessions.Opened opened = sessions.open(principal);
        // for the audit log: a sign-in is a change, made by this token
        exchange.request().setAttribute(AdminAuth.PRINCIPAL, principal);
        exchange.request().setAttribute(AdminAuth.VIA, "SESSION");
        return Reply.json(201, view(opened.session())).withHeader("Set-Cookie",
                cookie(opened.cookieValue(), sessions.settings().lifetime()));
    }

    private Reply current(Exchange exchange) throws StoreException {
        DashboardSessions.Session session = auth.session(exchange)
                .orElseThrow(() -> new HttpError(401, "unauthorized", "not signed in"));
        return Reply.json(200, view(session));
    }

    private Reply signOut(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        String cookie = AdminAuth.sessionCookie(exchange)
                .orElseThrow(() -> new HttpError(400, "no_session", "sign-out ends a dashboard session; send its cookie"));
        sessions.close(cookie);
        return Reply.json(200, Map.of("signedOut", true)).withHeader("Set-Cookie", cookie("", Duration.ZERO));
    }

    private SessionView view(DashboardSessions.Session session) {
        AdminPrincipal p = session.principal();
        return new SessionView(p.tokenId(), p.label(), p.role().name(), session.csrfToken(),
                session.expiresAt().toString(), sessions.settings().idle().toSeconds());
    }

    static String cookie(String value, Duration maxAge) {
        return AdminAuth.COOKIE + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age="
                + maxAge.toSeconds();
    }

    private synchronized void countAttempt() {
        Instant now = clock.instant();
        if (!now.isBefore(window.plusSeconds(60))) {
            window = now;
            attempts = 0;
        }
        if (++attempts > MAX_SIGN_INS_PER_MINUTE) {
            long retry = Math.max(1, Duration.between(now, window.plusSeconds(60)).toSeconds());
            throw new HttpError(429, "too_many_sign_ins", MAX_SIGN_INS_PER_MINUTE
                    + " sign-in attempts a minute at most; retry later", Map.of("Retry-After", Long.toString(retry)));
        }
    }
}
