package io.patchbay.server.impl.ext;

import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.http.Endpoint;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.spi.ExtensionHandler;
import io.patchbay.server.spi.ExtensionRefusal;
import io.patchbay.server.spi.ExtensionReply;
import io.patchbay.server.spi.ExtensionRequest;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An extension's handler as a router endpoint: admin authentication first (when {@code auth} is set), then the
 * handler; its refusals and SQL failures become the server's own error replies.
 */
final class Adapter implements Endpoint {
    private final ExtensionHandler handler;
    private final AdminAuth auth;
    private final AdminRole required;

    Adapter(ExtensionHandler handler, AdminAuth auth, AdminRole required) {
        this.handler = handler;
        this.auth = auth;
        this.required = required;
    }

    @Override
    public Reply handle(Exchange exchange) throws Exception {
        AdminPrincipal caller = auth == null ? null : auth.require(exchange, required);
        try {
            ExtensionReply reply = handler.handle(new Request(exchange, caller));
            return Reply.json(reply.status(), reply.body());
        } catch (ExtensionRefusal refusal) {
            Map<String, String> headers = refusal.retryAfterSeconds() > 0
                    ? Map.of("Retry-After", Integer.toString(refusal.retryAfterSeconds())) : Map.of();
            throw new HttpError(refusal.status(), refusal.code(), refusal.getMessage(), headers);
        } catch (SQLException e) {
            if (contended(e)) {
                // Row locks held too long under a burst (H2's lock timeout, a deadlock victim): try again shortly.
                throw new HttpError(503, "busy", "the database is busy with concurrent changes; retry",
                        Map.of("Retry-After", "1"));
            }
            throw Database.translate(e);
        }
    }

    /** Lock timeout (H2 HYT00, PostgreSQL 55P03), deadlock or serialization failure (40001, 40P01). */
    static boolean contended(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if ("HYT00".equals(state) || "55P03".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
                return true;
            }
        }
        return false;
    }

    private record Request(Exchange exchange, AdminPrincipal caller) implements ExtensionRequest {
        @Override
        public String method() {
            return exchange.method();
        }

        @Override
        public String pathAndQuery() {
            return exchange.pathAndQuery();
        }

        @Override
        public List<String> headers(String name) {
            return exchange.headerValues(name);
        }

        @Override
        public String query(String name) {
            try {
                return exchange.queryParameter(name);
            } catch (HttpError e) {
                throw new ExtensionRefusal(e.status(), e.error(), e.getMessage());
            }
        }

        @Override
        public byte[] body() {
            return exchange.body().clone();
        }

        @Override
        public <T> T json(Class<T> type) {
            try {
                return Json.read(exchange.body(), type);
            } catch (HttpError e) {
                throw new ExtensionRefusal(e.status(), e.error(), e.getMessage());
            }
        }

        @Override
        public Optional<AdminPrincipal> admin() {
            return Optional.ofNullable(caller);
        }
    }
}
