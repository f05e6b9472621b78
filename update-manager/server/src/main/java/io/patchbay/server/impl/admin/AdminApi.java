package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.admin.AdminMessages.ClientView;
import io.patchbay.server.impl.admin.AdminMessages.ClientsPage;
import io.patchbay.server.impl.admin.AdminMessages.FailedInstallView;
import io.patchbay.server.impl.admin.AdminMessages.FailedInstalls;
import io.patchbay.server.impl.admin.AdminMessages.IssueTokenRequest;
import io.patchbay.server.impl.admin.AdminMessages.IssuedTokenReply;
import io.patchbay.server.impl.admin.AdminMessages.RevokeReply;
import io.patchbay.server.impl.admin.AdminMessages.RevokeRequest;
import io.patchbay.server.impl.admin.AdminMessages.TimingView;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.EnrollmentTokens;
import io.patchbay.server.impl.store.Fleet;
import io.patchbay.server.impl.store.InstallReports;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.FleetEntry;
import io.patchbay.server.store.FleetQuery;
import io.patchbay.server.store.IssuedToken;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import io.patchbay.server.store.StoredInstallReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The admin API, {@code /admin/v1/...}, behind bearer tokens: OPERATOR tokens issue enrollment tokens and
 * revoke clients; READ_ONLY and OPERATOR tokens read the fleet views.
 */
public final class AdminApi {
    public static final String ENROLLMENT_TOKENS = "/admin/v1/enrollment-tokens";
    public static final String REVOKE_CLIENT = "/admin/v1/clients/revoke";
    public static final String CLIENTS = "/admin/v1/clients";
    public static final String FAILED_INSTALLS = "/admin/v1/installs/failed";

    static final int MAX_BODY = 4 * 1024;
    static final int DEFAULT_PAGE = 100;
    static final Duration DEFAULT_TOKEN_TTL = Duration.ofDays(1);

    /** How the fleet views decide "dead": no check-in for {@code deadAfterIntervals} poll intervals. */
    public record Settings(Duration pollInterval, int deadAfterIntervals) {
    }

    private final AdminAuth auth;
    private final EnrollmentTokens enrollmentTokens;
    private final Clients clients;
    private final Fleet fleet;
    private final InstallReports reports;
    private final Settings settings;

    public AdminApi(AdminTokens adminTokens, EnrollmentTokens enrollmentTokens, Clients clients, Fleet fleet,
            InstallReports reports, Settings settings) {
        this.auth = new AdminAuth(adminTokens);
        this.enrollmentTokens = Objects.requireNonNull(enrollmentTokens);
        this.clients = Objects.requireNonNull(clients);
        this.fleet = Objects.requireNonNull(fleet);
        this.reports = Objects.requireNonNull(reports);
        this.settings = Objects.requireNonNull(settings);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(ENROLLMENT_TOKENS, Route.post(MAX_BODY, false, this::issueEnrollmentToken));
        routes.put(REVOKE_CLIENT, Route.post(MAX_BODY, false, this::revokeClient));
        routes.put(CLIENTS, Route.get(this::listClients));
        routes.put(FAILED_INSTALLS, Route.get(this::failedInstalls));
        return routes;
    }

    private Reply issueEnrollmentToken(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.OPERATOR);
        IssueTokenRequest request = Json.read(exchange.body(), IssueTokenRequest.class);
        Duration ttl = request.ttlSeconds() == null ? DEFAULT_TOKEN_TTL : Duration.ofSeconds(request.ttlSeconds());
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(EnrollmentTokens.MAX_TTL) > 0) {
            throw new HttpError(400, "invalid_input", "ttlSeconds: must be 1.." + EnrollmentTokens.MAX_TTL.toSeconds());
        }
        IssuedToken token = enrollmentTokens.issue(request.channel(), ttl);
        return Reply.json(201, new IssuedTokenReply(token.id(), token.token(), request.channel(),
                token.expiresAt().toString()));
    }

    private Reply revokeClient(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.OPERATOR);
        RevokeRequest request = Json.read(exchange.body(), RevokeRequest.class);
        if (request.clientId() == null || clients.find(request.clientId()).isEmpty()) {
            throw new HttpError(404, "unknown_client", "no client '" + request.clientId() + "' is enrolled");
        }
        return Reply.json(200, new RevokeReply(request.clientId(), clients.revoke(request.clientId())));
    }

    private Reply listClients(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        boolean deadOnly = flag(exchange, "dead");
        int limit = limit(exchange);
        FleetQuery query = new FleetQuery(settings.pollInterval(), settings.deadAfterIntervals(), deadOnly,
                exchange.queryParameter("channel"), exchange.queryParameter("after"), limit);
        List<FleetEntry> page = fleet.list(query);
        List<ClientView> views = page.stream().map(AdminApi::view).toList();
        String next = page.size() == limit ? page.get(page.size() - 1).clientId() : null;
        return Reply.json(200, new ClientsPage(views, next));
    }

    private Reply failedInstalls(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        return installs(reports.failed(limit(exchange)));
    }

    /** Install reports as the admin API shows them: {@code {"installs": [...]}}. */
    public static Reply installs(List<StoredInstallReport> stored) {
        List<FailedInstallView> views = stored.stream().map(AdminApi::view).toList();
        return Reply.json(200, new FailedInstalls(views));
    }

    private static ClientView view(FleetEntry entry) {
        String state = entry.revoked() ? "REVOKED" : entry.lastSeen() == null ? "NEVER_SEEN"
                : entry.dead() ? "DEAD" : "ALIVE";
        return new ClientView(entry.clientId(), entry.channel(), entry.patchSequence(), text(entry.lastSeen()), state,
                entry.health(), entry.healthFailing(), text(entry.healthAt()));
    }

    static FailedInstallView view(StoredInstallReport stored) {
        var report = stored.report();
        return new FailedInstallView(stored.id(), report.clientId(), report.targetSequence(), report.state().name(),
                report.cause(), report.timings().stream().map(t -> new TimingView(t.step(), t.millis())).toList(),
                report.logExcerpt(), text(report.signedAt()), text(stored.receivedAt()), report.deploymentId(),
                report.policyJson() == null ? null : Json.tree(report.policyJson()));
    }

    private static boolean flag(Exchange exchange, String name) {
        String value = exchange.queryParameter(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new HttpError(400, "bad_query", name + ": must be true or false");
    }

    public static int limit(Exchange exchange) {
        String value = exchange.queryParameter("limit");
        if (value == null) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= StoreLimits.MAX_PAGE_SIZE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new HttpError(400, "bad_query", "limit: must be 1.." + StoreLimits.MAX_PAGE_SIZE);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
