package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.release.ReleaseViews;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.Deployments;
import io.patchbay.server.impl.store.DeploymentStatus;
import io.patchbay.server.impl.store.PolicyReportJson;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.DeploymentClientStatus;
import io.patchbay.server.store.PolicySummary;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoredInstallReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read-only deployment views: the listing (active and cancelled, newest first) and the per-deployment report
 * (each named client's state, last report, policy summary).
 */
public final class DeploymentReportsApi {
    public static final String STATUS = "/admin/v1/deployments/status";
    public static final String LIST = "/admin/v1/deployments/list";

    record DeploymentsReply(List<ReleaseViews.DeploymentView> deployments) {
    }

    /** The newest report naming the deployment. */
    record LastReport(String reportId, String state, boolean finalResult, long targetSequence, String cause,
                      String signedAt, String receivedAt) {
    }

    /**
     * {@code state}: REVOKED; else the state of the last report naming the deployment; else AT_LEVEL (the client
     * already runs the release's level or above, e.g. through another deployment; exactly that level for a rollback
     * deployment, whose clients come from above it) or PENDING.
     */
    record ClientStatusView(String clientId, String channel, String state, Long patchSequence, String lastSeen,
                            LastReport lastReport, PolicySummary policy) {
    }

    record StatusReply(String deploymentId, String releaseId, long level, String channel, String createdAt,
                       String cancelledAt, List<ClientStatusView> clients, String next) {
    }

    private final AdminAuth auth;
    private final DeploymentStatus status;

    private final Deployments deployments;

    public DeploymentReportsApi(AdminTokens tokens, Deployments deployments, DeploymentStatus status) {
        this.auth = new AdminAuth(tokens);
        this.deployments = Objects.requireNonNull(deployments);
        this.status = Objects.requireNonNull(status);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(STATUS, Route.get(this::status));
        routes.put(LIST, Route.get(this::list));
        return routes;
    }

    /** {@code ?active=true}: only those not cancelled; newest first, {@code limit} (default 100). */
    private Reply list(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        String active = exchange.queryParameter("active");
        if (active != null && !active.equals("true") && !active.equals("false")) {
            throw new HttpError(400, "bad_query", "active: must be true or false");
        }
        return Reply.json(200, new DeploymentsReply(deployments.list("true".equals(active), AdminApi.limit(exchange))
                .stream().map(ReleaseViews::deployment).toList()));
    }

    private Reply status(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        String id = exchange.queryParameter("id");
        if (id == null || id.isEmpty()) {
            throw new HttpError(400, "bad_query", "id: the deployment id is missing");
        }
        int limit = AdminApi.limit(exchange);
        DeploymentStatus.Page page = status.page(id, exchange.queryParameter("after"), limit);
        long level = page.release().level();
        List<ClientStatusView> clients = page.clients().stream().map(c -> view(c, page)).toList();
        String next = clients.size() == limit ? clients.get(limit - 1).clientId() : null;
        var d = page.deployment();
        return Reply.json(200, new StatusReply(d.id(), d.spec().releaseId(), level, d.spec().channel(),
                text(d.createdAt()), text(d.cancelledAt()), clients, next));
    }

    private static ClientStatusView view(DeploymentClientStatus client, DeploymentStatus.Page page) {
        StoredInstallReport stored = client.lastReport();
        String state;
        if (client.revoked()) {
            state = "REVOKED";
        } else if (stored != null) {
            state = stored.report().state().name();
        } else if (client.patchSequence() != null && page.atLevel(client.patchSequence())) {
            state = "AT_LEVEL";
        } else {
            state = "PENDING";
        }
        LastReport last = null;
        PolicySummary policy = null;
        if (stored != null) {
            var r = stored.report();
            last = new LastReport(stored.id(), r.state().name(), r.state().isFinal(), r.targetSequence(), r.cause(),
                    text(r.signedAt()), text(stored.receivedAt()));
            policy = PolicyReportJson.summary(r.policyJson());
        }
        return new ClientStatusView(client.clientId(), client.channel(), state, client.patchSequence(),
                text(client.lastSeen()), last, policy);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
