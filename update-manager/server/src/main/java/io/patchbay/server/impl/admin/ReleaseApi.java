package io.patchbay.server.impl.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.release.BundleUploads;
import io.patchbay.server.impl.release.ReleasePublisher;
import io.patchbay.server.impl.release.ReleaseViews;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.Deployments;
import io.patchbay.server.impl.store.FleetLag;
import io.patchbay.server.impl.store.Releases;
import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.CancelResult;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.LaggingClient;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.UpdatePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.io.Content;

/**
 * Releases and deployments in the admin API: upload bundle jars one per request, seal them into a release
 * (published as TUF targets), deploy a release to a channel or a group of clients, cancel, and the lagging view.
 */
public final class ReleaseApi {
    public static final String UPLOADS = "/admin/v1/uploads";
    public static final String RELEASES = "/admin/v1/releases";
    public static final String DEPLOYMENTS = "/admin/v1/deployments";
    public static final String CANCEL_DEPLOYMENT = "/admin/v1/deployments/cancel";
    public static final String LAGGING = "/admin/v1/clients/lagging";
    public static final String JAR_TYPE = "application/java-archive";
    static final int MAX_RELEASE_BODY = 16 * 1024;
    static final int MAX_DEPLOYMENT_BODY = 64 * 1024;

    record SealRequest(String releaseId, List<String> uploads) {
    }

    record UploadReply(String uploadId, String symbolicName, String version, long length) {
    }

    record ReleasesReply(List<ReleaseViews.ReleaseView> releases) {
    }

    record PolicyRequest(String name, String deadline, String deadlineAction, List<String> features) {
    }

    record DeploymentRequest(String releaseId, String channel, List<String> clientIds, String actionType,
                             String forcedAt, PolicyRequest policy, JsonNode maintenanceWindow) {
    }

    record CancelRequest(String deploymentId) {
    }

    record CancelReply(String deploymentId, String cancelledAt, List<String> keptBy) {
    }

    record LaggingView(String clientId, String channel, long patchSequence, String lastSeen, String deploymentId,
                       String releaseId, long assignedLevel) {
    }

    record LaggingPage(List<LaggingView> clients, String next) {
    }

    private final AdminAuth auth;
    private final BundleUploads uploads;
    private final ReleasePublisher publisher;
    private final Releases releases;
    private final Deployments deployments;
    private final FleetLag lag;

    public ReleaseApi(AdminTokens tokens, BundleUploads uploads, ReleasePublisher publisher, Releases releases,
            Deployments deployments, FleetLag lag) {
        this.auth = new AdminAuth(tokens);
        this.uploads = Objects.requireNonNull(uploads);
        this.publisher = Objects.requireNonNull(publisher);
        this.releases = Objects.requireNonNull(releases);
        this.deployments = Objects.requireNonNull(deployments);
        this.lag = Objects.requireNonNull(lag);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(UPLOADS, Route.streamedPost((int) uploads.maxJarBytes(), JAR_TYPE, this::upload));
        routes.put(RELEASES, Route.post(MAX_RELEASE_BODY, false, this::seal));
        routes.put(RELEASES + "/list", Route.get(this::listReleases));
        routes.put(DEPLOYMENTS, Route.post(MAX_DEPLOYMENT_BODY, false, this::deploy));
        routes.put(CANCEL_DEPLOYMENT, Route.post(AdminApi.MAX_BODY, false, this::cancel));
        routes.put(LAGGING, Route.get(this::lagging));
        return routes;
    }

    private Reply upload(Exchange exchange) throws StoreException, IOException {
        auth.require(exchange, AdminRole.OPERATOR);
        try (InputStream body = Content.Source.asInputStream(exchange.request())) {
            BundleUploads.Upload upload = uploads.accept(body);
            return Reply.json(201, new UploadReply(upload.sha256(), upload.symbolicName(), upload.version(),
                    upload.length()));
        }
    }

    private Reply seal(Exchange exchange) throws StoreException, IOException {
        AdminPrincipal principal = auth.require(exchange, AdminRole.OPERATOR);
        SealRequest request = Json.read(exchange.body(), SealRequest.class);
        var release = publisher.seal(request.releaseId(), request.uploads(), principal.tokenId());
        return Reply.json(201, ReleaseViews.release(release));
    }

    private Reply listReleases(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        return Reply.json(200, new ReleasesReply(releases.list(AdminApi.limit(exchange)).stream()
                .map(ReleaseViews::release).toList()));
    }

    private Reply deploy(Exchange exchange) throws StoreException {
        AdminPrincipal principal = auth.require(exchange, AdminRole.OPERATOR);
        DeploymentRequest request = Json.read(exchange.body(), DeploymentRequest.class);
        PolicyRequest policy = request.policy();
        if (policy == null) {
            throw new HttpError(400, "invalid_input", "policy: missing; e.g. {\"name\": \"NOW\"}");
        }
        JsonNode window = request.maintenanceWindow();
        if (window != null && !window.isObject()) {
            throw new HttpError(400, "invalid_input", "maintenanceWindow: must be a JSON object");
        }
        DeploymentSpec spec = new DeploymentSpec(request.releaseId(), request.channel(), request.clientIds(),
                enumValue("actionType", ActionType.class, request.actionType()), instant("forcedAt", request.forcedAt()),
                enumValue("policy.name", UpdatePolicy.class, policy.name()), instant("policy.deadline", policy.deadline()),
                enumValue("policy.deadlineAction", UpdatePolicy.DeadlineAction.class, policy.deadlineAction()),
                policy.features(), window == null || window.isNull() ? null : Json.toText(window));
        return Reply.json(201, ReleaseViews.deployment(deployments.create(spec, principal.tokenId())));
    }

    private Reply cancel(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.OPERATOR);
        CancelRequest request = Json.read(exchange.body(), CancelRequest.class);
        CancelResult result = deployments.cancel(request.deploymentId());
        return Reply.json(200, new CancelReply(result.deploymentId(), result.cancelledAt().toString(), result.keptBy()));
    }

    private Reply lagging(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        int limit = AdminApi.limit(exchange);
        List<LaggingClient> page = lag.lagging(exchange.queryParameter("after"), limit);
        List<LaggingView> views = page.stream().map(l -> new LaggingView(l.clientId(), l.channel(), l.reportedLevel(),
                l.lastSeen() == null ? null : l.lastSeen().toString(), l.deploymentId(), l.releaseId(),
                l.assignedLevel())).toList();
        return Reply.json(200, new LaggingPage(views, page.size() == limit ? page.get(limit - 1).clientId() : null));
    }

    private static <E extends Enum<E>> E enumValue(String field, Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "invalid_input", field + ": '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new HttpError(400, "invalid_input", field + ": not an ISO-8601 instant (e.g. 2030-01-01T02:00:00Z)");
        }
    }
}
