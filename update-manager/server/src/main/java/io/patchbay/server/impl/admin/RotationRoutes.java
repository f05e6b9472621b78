package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.rotation.RotationRefused;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.io.IOException;

/**
 * The shape every phase of a root rotation shares in the admin API: an operator token, a small JSON body, and a
 * refusal (the phase out of order, the root key not at hand, a probe that failed) as 409 with its reason.
 */
final class RotationRoutes {
    interface Phase<B> {
        Object run(AdminPrincipal by, B body) throws IOException, StoreException;
    }

    private RotationRoutes() {
    }

    static <B> Route post(AdminAuth auth, int maxBody, Class<B> bodyType, Phase<B> phase) {
        return Route.post(maxBody, false, exchange -> {
            AdminPrincipal by = auth.require(exchange, AdminRole.OPERATOR);
            B body = Json.read(exchange.body(), bodyType);
            try {
                return Reply.json(200, phase.run(by, body));
            } catch (RotationRefused e) {
                throw new HttpError(409, e.reason(), e.getMessage());
            } catch (ServerRepository.RootRotationRefused e) {
                throw new HttpError(409, e.reason(), e.getMessage());
            }
        });
    }
}
