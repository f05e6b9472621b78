package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.push.PushHub;
import io.patchbay.server.impl.push.PushKeyring;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.PushBatches;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.server.impl.store.PushBatches.Target;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Pushes in the admin API: create one (OPERATOR), read who answered it (READ_ONLY), and the push key (status:
 * READ_ONLY; rotation: OPERATOR). A push is one stored row whatever its audience; the body names exactly one of
 * {@code clientId}, {@code clientIds}, {@code channel} or {@code all}.
 */
public final class PushApi {
    public static final String PUSHES = "/admin/v1/pushes";
    public static final String PUSH_KEY = "/admin/v1/server/push-key";
    /** A GROUP push names up to 1000 client ids of ≤ 36 characters. */
    static final int MAX_BODY = 48 * 1024;
    static final int MAX_WAIT_SECONDS = 60;
    /** Status requests that may wait at once (each holds a server thread); more are answered without waiting. */
    static final int MAX_WAITING = 4;
    private static final int MAX_LISTED = 1000;
    private static final long WAIT_STEP_MILLIS = 250;

    record PushRequest(String action, String urgency, Long ttlSeconds, String clientId, List<String> clientIds,
                       String channel, Boolean all) {
    }

    record TargetView(String kind, List<String> clientIds, String channel) {
    }

    record PushView(long id, String action, String urgency, TargetView target, long targeted, String createdAt,
                    String expiresAt, String createdBy) {
    }

    record StatusView(PushView push, long answered, long unanswered, List<String> unansweredClients,
                      boolean complete) {
    }

    record KeyView(long rootVersion, String pushKey, List<String> rootPushKeys, boolean usable, String reason) {
    }

    private final AdminAuth auth;
    private final PushHub hub;
    private final PushBatches store;
    private final PushKeyring keys;
    private final ServerRepository repository;
    private final Duration defaultTtl;
    private final Semaphore waiting = new Semaphore(MAX_WAITING);

    public PushApi(AdminTokens tokens, PushHub hub, PushBatches store, PushKeyring keys, ServerRepository repository,
            Duration defaultTtl) {
        this.auth = new AdminAuth(tokens);
        this.hub = Objects.requireNonNull(hub);
        this.store = Objects.requireNonNull(store);
        this.keys = Objects.requireNonNull(keys);
        this.repository = Objects.requireNonNull(repository);
        this.defaultTtl = Objects.requireNonNull(defaultTtl);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(PUSHES, Route.post(MAX_BODY, false, this::create));
        routes.put(PUSHES + "/*", Route.get(this::status));
        routes.put(PUSH_KEY, Route.get(this::keyStatus));
        routes.put(PUSH_KEY + "/rotate", Route.post(AdminApi.MAX_BODY, false, this::rotate));
        return routes;
    }

    private Reply create(Exchange exchange) throws StoreException {
        AdminPrincipal by = auth.require(exchange, AdminRole.OPERATOR);
        PushRequest request = Json.read(exchange.body(), PushRequest.class);
        PushBatches.Action action = parse(PushBatches.Action.class, "action", request.action(), null);
        PushBatches.Urgency urgency = parse(PushBatches.Urgency.class, "urgency", request.urgency(),
                PushBatches.Urgency.NORMAL);
        Target target = target(request);
        Duration ttl = request.ttlSeconds() == null ? defaultTtl : Duration.ofSeconds(request.ttlSeconds());
        String unusable = keys.unusableReason();
        if (unusable != null) {
            throw new HttpError(409, "no_push_key", unusable);
        }
        return Reply.json(201, view(hub.push(action, urgency, target, ttl, by.tokenId())));
    }

    private Reply status(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        String path = exchange.request().getHttpURI().getPath();
        String segment = path.substring(path.lastIndexOf('/') + 1);
        if (!segment.matches("[1-9][0-9]{0,17}")) {
            throw new HttpError(404, "unknown_push", "no push " + segment);
        }
        long id = Long.parseLong(segment);
        int waitSeconds = waitSeconds(exchange.queryParameter("waitSeconds"));
        PushBatches.Status status = store.status(id, MAX_LISTED);
        if (waitSeconds > 0 && status.unanswered() > 0 && waiting.tryAcquire()) {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
                while (status.unanswered() > 0 && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(Math.min(WAIT_STEP_MILLIS,
                            Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                    status = store.status(id, MAX_LISTED);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.release();
            }
        }
        return Reply.json(200, new StatusView(view(status.batch()), status.answered(), status.unanswered(),
                status.unansweredIds(), status.unanswered() == 0));
    }

    private Reply keyStatus(Exchange exchange) throws StoreException {
        auth.require(exchange, AdminRole.READ_ONLY);
        var root = repository.publishedRoot();
        String reason = keys.unusableReason();
        return Reply.json(200, new KeyView(root.version(), keys.activeKey(), root.pushKeys(), reason == null, reason));
    }

    private Reply rotate(Exchange exchange) throws StoreException, IOException {
        auth.require(exchange, AdminRole.OPERATOR);
        try {
            PushKeyring.Rotation rotation = keys.rotate();
            return Reply.json(200, new KeyView(rotation.rootVersion(), rotation.pushKey(), rotation.rootPushKeys(),
                    true, null));
        } catch (ServerRepository.RootRotationRefused e) {
            throw new HttpError(409, e.reason(), e.getMessage());
        }
    }

    private static Target target(PushRequest request) {
        int named = (request.clientId() != null ? 1 : 0) + (request.clientIds() != null ? 1 : 0)
                + (request.channel() != null ? 1 : 0) + (Boolean.TRUE.equals(request.all()) ? 1 : 0);
        if (named != 1) {
            throw new HttpError(400, "invalid_input", "name exactly one of clientId, clientIds, channel or all:true");
        }
        if (request.clientId() != null) {
            return Target.client(request.clientId());
        }
        if (request.clientIds() != null) {
            if (request.clientIds().size() > PushBatches.MAX_GROUP) {
                throw new HttpError(413, "too_large", "clientIds: at most " + PushBatches.MAX_GROUP + " ids");
            }
            if (request.clientIds().contains(null)) {
                throw new HttpError(400, "invalid_input", "clientIds[]: must be strings");
            }
            return Target.group(request.clientIds());
        }
        return request.channel() != null ? Target.channel(request.channel()) : Target.all();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String text, E fallback) {
        if (text == null) {
            if (fallback == null) {
                throw new HttpError(400, "invalid_input", field + ": is missing");
            }
            return fallback;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        throw new HttpError(400, "invalid_input", field + ": must be one of " + List.of(type.getEnumConstants()));
    }

    private static int waitSeconds(String text) {
        if (text == null) {
            return 0;
        }
        if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) > MAX_WAIT_SECONDS) {
            throw new HttpError(400, "bad_query", "waitSeconds must be 0.." + MAX_WAIT_SECONDS);
        }
        return Integer.parseInt(text);
    }

    private static PushView view(Batch batch) {
        Target target = batch.target();
        return new PushView(batch.id(), batch.action().name(), batch.urgency().name(),
                new TargetView(target.kind().name(), target.kind() == PushBatches.TargetKind.CLIENT
                        || target.kind() == PushBatches.TargetKind.GROUP ? target.clientIds() : null, target.channel()),
                batch.targeted(), batch.createdAt().toString(), batch.expiresAt().toString(), batch.createdBy());
    }
}
