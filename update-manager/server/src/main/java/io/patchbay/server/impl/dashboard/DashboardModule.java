package io.patchbay.server.impl.dashboard;

import io.patchbay.server.impl.admin.AdminApi;
import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.store.AdminAudit;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.InstallReports;
import io.patchbay.server.store.AdminRole;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The fleet dashboard's server side, wired in two calls: {@link #routes()} (the page and its assets under
 * {@code /dashboard}, sign-in and sign-out, the audit log and the recent-installs feed) and {@link #audited} (every
 * route of the server wrapped so that successful admin changes are audited). The page itself reads and acts through
 * the ordinary {@code /admin/v1} routes, authenticated by its session cookie (see {@link AdminAuth}).
 */
public final class DashboardModule {
    public static final String PAGE = "/dashboard";
    public static final String ASSETS = "/dashboard/assets/";
    public static final String RECENT_INSTALLS = "/admin/v1/installs/recent";

    private final AdminAuth auth;
    private final SessionApi sessions;
    private final AuditLog audit;
    private final InstallReports reports;
    private final DashboardAssets assets = new DashboardAssets();

    public DashboardModule(AdminTokens tokens, AdminAudit audit, InstallReports reports, Clock clock) {
        this.auth = new AdminAuth(tokens);
        this.sessions = new SessionApi(tokens, clock);
        this.audit = new AuditLog(audit);
        this.reports = Objects.requireNonNull(reports);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(PAGE, Route.get(assets::index));
        routes.put(PAGE + "/", Route.get(assets::index));
        routes.put(ASSETS + "*", Route.get(assets::asset));
        routes.putAll(sessions.routes());
        routes.put(AuditLog.AUDIT, audit.route(auth));
        routes.put(RECENT_INSTALLS, Route.get(this::recentInstalls));
        return routes;
    }

    /** {@code routes} with every successful admin change audited; hand the result to the HTTPS server. */
    public Map<String, Route> audited(Map<String, Route> routes) {
        return audit.audited(routes);
    }

    /** Install reports of every state (progress and final), newest first: what the dashboard's feed shows. */
    private Reply recentInstalls(Exchange exchange) throws Exception {
        auth.require(exchange, AdminRole.READ_ONLY);
        return AdminApi.installs(reports.recent(AdminApi.limit(exchange)));
    }
}
