package io.patchbay.server.impl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.server.impl.admin.AdminApi;
import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.impl.http.Endpoint;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.store.AdminAudit;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: every route is wrapped, and a request that is not a GET, that an admin credential authenticated,
 * and that succeeded is appended (who: the token's id and label and whether by bearer or session; when; what: the
 * method, path, status and the JSON body with secrets redacted). The command line and the dashboard are audited
 * alike, because both go through these routes.
 */
final class AuditLog {
    static final String AUDIT = "/admin/v1/audit";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final String REDACTED = "[redacted]";

    record EntryView(long id, String at, String tokenId, String tokenLabel, String via, String method, String path,
                     int status, String detail) {
    }

    record Page(List<EntryView> entries, Long next) {
    }

    private final AdminAudit audit;

    AuditLog(AdminAudit audit) {
        this.audit = Objects.requireNonNull(audit);
    }

    /** Every route as given, its changes audited. */
    Map<String, Route> audited(Map<String, Route> routes) {
        Map<String, Route> wrapped = new LinkedHashMap<>();
        routes.forEach((path, route) -> wrapped.put(path, route.method().equals("GET") ? route
                : new Route(route.method(), route.maxBodyBytes(), route.limited(), audit(route.endpoint()),
                        route.streamedType())));
        return wrapped;
    }

    private Endpoint audit(Endpoint endpoint) {
        return exchange -> {
            Reply reply = endpoint.handle(exchange);
            Object principal = exchange.request().getAttribute(AdminAuth.PRINCIPAL);
            if (reply.status() < 400 && principal instanceof AdminPrincipal by) {
                try {
                    audit.record(by.tokenId(), by.label(), String.valueOf(exchange.request().getAttribute(AdminAuth.VIA)),
                            exchange.method(), exchange.request().getHttpURI().getPath(), reply.status(),
                            detail(exchange.body()));
                } catch (StoreException | RuntimeException e) {
                    // The change is made and answered; an audit row lost must be loud in the log, not undo it.
                    LOG.error("AUDIT WRITE FAILED: {} {} by {} ({}): {}", exchange.method(),
                            exchange.request().getHttpURI().getPath(), by.tokenId(), by.label(), e.getMessage());
                }
            }
            return reply;
        };
    }

    /** GET {@link #AUDIT}{@code ?limit=&before=ID}: newest first, paged by id. */
    Route route(AdminAuth auth) {
        return Route.get(exchange -> {
            auth.require(exchange, AdminRole.READ_ONLY);
            int limit = AdminApi.limit(exchange);
            String before = exchange.queryParameter("before");
            Long beforeId = null;
            if (before != null) {
                if (!before.matches("[1-9][0-9]{0,17}")) {
                    throw new HttpError(400, "bad_query", "before: an audit entry id");
                }
                beforeId = Long.parseLong(before);
            }
            List<EntryView> entries = audit.page(beforeId, limit).stream().map(e -> new EntryView(e.id(),
                    e.at().toString(), e.tokenId(), e.tokenLabel(), e.via(), e.method(), e.path(), e.status(),
                    e.detail())).toList();
            Long next = entries.size() == limit ? entries.get(limit - 1).id() : null;
            return Reply.json(200, new Page(entries, next));
        });
    }

    /** The body as compact JSON with every secret-looking field redacted; null for no body or a non-JSON one. */
    static String detail(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        JsonNode tree;
        try {
            tree = Json.tree(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
        redact(tree);
        String text = Json.toText(tree);
        return text.length() <= AdminAudit.MAX_DETAIL_CHARS ? text
                : text.substring(0, AdminAudit.MAX_DETAIL_CHARS - 1) + "…";
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.contains("token") || lower.contains("password") || lower.contains("secret")
                        || lower.contains("privatekey") || lower.contains("licensekey")) {
                    object.put(name, REDACTED);
                } else {
                    redact(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(AuditLog::redact);
        }
    }
}
