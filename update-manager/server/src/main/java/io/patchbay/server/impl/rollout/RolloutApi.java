package io.patchbay.server.impl.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.store.RolloutRecords.ErrorKind;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.Spec;
import io.patchbay.server.impl.store.RolloutRollback;
import io.patchbay.server.impl.store.Rollouts;
import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import io.patchbay.server.store.UpdatePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Staged rollouts in the admin API: create, list and status (READ_ONLY may read), pause, resume, cancel and
 * roll back (OPERATOR). A rollback without {@code releaseId} takes the clients that committed a halted rollout's
 * release back to the release each committed before; with one it rolls them forward to that (higher) release. Bodies are read strictly: an unknown field is refused, so a misspelt threshold cannot
 * silently fall back to its default.
 */
public final class RolloutApi {
    public static final String ROLLOUTS = "/admin/v1/rollouts";
    /** 100 groups, explicit ones naming up to 10,000 client ids of ≤ 36 characters in all. */
    static final int MAX_BODY = 512 * 1024;
    static final int MAX_SMALL_BODY = 4 * 1024;
    static final Duration DEFAULT_SOAK = Duration.ofMinutes(10);

    record GroupRequest(Integer percent, List<String> clientIds) {
    }

    record ErrorThresholdRequest(Integer count, Integer percent) {
    }

    record CreateRequest(String name, String releaseId, String channel, List<GroupRequest> groups,
                         Integer successThreshold, ErrorThresholdRequest errorThreshold, Long soakSeconds,
                         String actionType, String policy) {
    }

    record IdRequest(String id, String releaseId) {
    }

    private static final Set<String> CREATE_FIELDS = Set.of("name", "releaseId", "channel", "groups",
            "successThreshold", "errorThreshold", "soakSeconds", "actionType", "policy");
    private static final Set<String> GROUP_FIELDS = Set.of("percent", "clientIds");
    private static final Set<String> ERROR_FIELDS = Set.of("count", "percent");

    private final AdminAuth auth;
    private final Rollouts rollouts;
    private final RolloutRollback rollback;
    private final RolloutEngine engine;

    public RolloutApi(AdminAuth auth, Rollouts rollouts, RolloutRollback rollback, RolloutEngine engine) {
        this.auth = Objects.requireNonNull(auth);
        this.rollouts = Objects.requireNonNull(rollouts);
        this.rollback = Objects.requireNonNull(rollback);
        this.engine = Objects.requireNonNull(engine);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(ROLLOUTS, Route.post(MAX_BODY, false, this::create));
        routes.put(ROLLOUTS + "/list", Route.get(this::list));
        routes.put(ROLLOUTS + "/status", Route.get(this::status));
        routes.put(ROLLOUTS + "/pause", Route.post(MAX_SMALL_BODY, false, e -> operator(e, "pause")));
        routes.put(ROLLOUTS + "/resume", Route.post(MAX_SMALL_BODY, false, e -> operator(e, "resume")));
        routes.put(ROLLOUTS + "/cancel", Route.post(MAX_SMALL_BODY, false, e -> operator(e, "cancel")));
        routes.put(ROLLOUTS + "/rollback", Route.post(MAX_SMALL_BODY, false, e -> operator(e, "rollback")));
        return routes;
    }

    private Reply create(Exchange exchange) throws StoreException {
        AdminPrincipal by = auth.require(exchange, AdminRole.OPERATOR);
        JsonNode tree = Json.read(exchange.body(), JsonNode.class);
        strict(tree, "", CREATE_FIELDS);
        tree.path("groups").forEach(g -> strict(g, "groups[].", GROUP_FIELDS));
        strict(tree.path("errorThreshold"), "errorThreshold.", ERROR_FIELDS);
        CreateRequest request = Json.read(exchange.body(), CreateRequest.class);
        if (request.groups() == null) {
            throw new HttpError(400, "invalid_input", "groups: is missing");
        }
        List<GroupSpec> groups = new ArrayList<>();
        for (GroupRequest group : request.groups()) {
            if (group == null) {
                throw new HttpError(400, "invalid_input", "groups[]: must be objects");
            }
            if (group.clientIds() != null && group.clientIds().contains(null)) {
                throw new HttpError(400, "invalid_input", "groups[].clientIds[]: must be strings");
            }
            groups.add(new GroupSpec(group.percent(), group.clientIds()));
        }
        ErrorThresholdRequest error = request.errorThreshold() == null ? new ErrorThresholdRequest(1, null)
                : request.errorThreshold();
        if ((error.count() == null) == (error.percent() == null)) {
            throw new HttpError(400, "invalid_input", "errorThreshold: give exactly one of count or percent");
        }
        long soak = request.soakSeconds() == null ? DEFAULT_SOAK.toSeconds() : request.soakSeconds();
        if (soak < 0 || soak > Duration.ofDays(7).toSeconds()) {
            throw new HttpError(400, "invalid_input", "soakSeconds: must be 0.." + Duration.ofDays(7).toSeconds());
        }
        Spec spec = new Spec(request.name() != null ? request.name() : request.releaseId(), request.releaseId(),
                request.channel(), groups, request.successThreshold() == null ? 100 : request.successThreshold(),
                error.count() != null ? error.count() : error.percent(),
                error.count() != null ? ErrorKind.COUNT : ErrorKind.PERCENT, Duration.ofSeconds(soak),
                parse(ActionType.class, "actionType", request.actionType(), ActionType.FORCED),
                parse(UpdatePolicy.class, "policy", request.policy(), UpdatePolicy.NOW));
        if (spec.name() == null || spec.releaseId() == null || spec.channel() == null) {
            throw new HttpError(400, "invalid_input", "releaseId and channel are required");
        }
        Rollout created = rollouts.create(spec, by.tokenId());
        engine.evaluate(created.id(), false);
        return Reply.json(201, RolloutViews.of(rollouts.view(created.id())));
    }

    private Reply list(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        String text = exchange.queryParameter("limit");
        int limit = 100;
        if (text != null) {
            if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) < 1
                    || Integer.parseInt(text) > StoreLimits.MAX_PAGE_SIZE) {
                throw new HttpError(400, "bad_query", "limit: must be 1.." + StoreLimits.MAX_PAGE_SIZE);
            }
            limit = Integer.parseInt(text);
        }
        return Reply.json(200, new RolloutViews.ListReply(rollouts.list(limit).stream().map(RolloutViews::summary)
                .toList()));
    }

    private Reply status(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        String id = exchange.queryParameter("id");
        if (id == null || id.isEmpty()) {
            throw new HttpError(400, "bad_query", "id: the rollout id is missing");
        }
        return Reply.json(200, RolloutViews.of(rollouts.view(id)));
    }

    private Reply operator(Exchange exchange, String action) throws StoreException {
        AdminPrincipal by = auth.require(exchange, AdminRole.OPERATOR);
        JsonNode tree = Json.read(exchange.body(), JsonNode.class);
        strict(tree, "", action.equals("rollback") ? Set.of("id", "releaseId") : Set.of("id"));
        IdRequest request = Json.read(exchange.body(), IdRequest.class);
        if (request.id() == null || request.id().isEmpty()) {
            throw new HttpError(400, "invalid_input", "id: is missing");
        }
        switch (action) {
            case "pause" -> rollouts.pause(request.id(), by.tokenId());
            case "resume" -> {
                rollouts.resume(request.id(), by.tokenId());
                engine.evaluate(request.id(), false);
            }
            case "cancel" -> rollouts.cancel(request.id(), by.tokenId());
            default -> {
                if (request.releaseId() == null) {
                    rollback.rollBack(request.id(), by.tokenId());
                } else {
                    rollback.rollForward(request.id(), request.releaseId(), by.tokenId());
                }
            }
        }
        return Reply.json(200, RolloutViews.of(rollouts.view(request.id())));
    }

    /** Refuses a field this API does not know (a typo would otherwise fall back to a default). */
    private static void strict(JsonNode node, String prefix, Set<String> allowed) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new HttpError(400, "invalid_input", (prefix.isEmpty() ? "body" : prefix) + ": must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new HttpError(400, "unknown_field", prefix + clip(name) + ": unknown field; known: "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    private static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String text, E fallback) {
        if (text == null) {
            return fallback;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        throw new HttpError(400, "invalid_input", field + ": must be one of " + List.of(type.getEnumConstants()));
    }
}
