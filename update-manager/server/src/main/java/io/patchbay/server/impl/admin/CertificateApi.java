package io.patchbay.server.impl.admin;

import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.rotation.CertificateRotation;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.StoreException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The certificate renewal in the admin API: its status (read-only tokens) and its three phases (operator tokens).
 * No request carries a key or a pin: the server generates the key and derives the pin, so a stolen operator token
 * can at worst renew the certificate, never get another key pinned. A phase out of order is 409 with its reason.
 */
public final class CertificateApi {
    public static final String CERTIFICATE = "/admin/v1/server/certificate";
    static final int MAX_BODY = 1024;

    /** A phase request; only activate reads {@code force}. */
    record PhaseRequest(Boolean force) {
    }

    record StatusView(String phase, boolean changed, String servingPin, String nextPin, String previousPin,
                      long rootVersion, List<String> rootPins, String stagedAt, Long pendingClients,
                      String activatableAt, List<String> retiredSlots) {
    }

    private interface Phase {
        CertificateRotation.Status run(AdminPrincipal by, PhaseRequest request) throws IOException, StoreException;
    }

    private final AdminAuth auth;
    private final CertificateRotation rotation;

    public CertificateApi(AdminTokens tokens, CertificateRotation rotation) {
        this.auth = new AdminAuth(tokens);
        this.rotation = Objects.requireNonNull(rotation);
    }

    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(CERTIFICATE, Route.get(this::status));
        routes.put(CERTIFICATE + "/stage", phase((by, r) -> rotation.stage(by.tokenId())));
        routes.put(CERTIFICATE + "/activate", phase((by, r) -> rotation.activate(by.tokenId(),
                Boolean.TRUE.equals(r.force()))));
        routes.put(CERTIFICATE + "/finish", phase((by, r) -> rotation.finish(by.tokenId())));
        return routes;
    }

    private Reply status(Exchange exchange) throws StoreException, IOException {
        auth.require(exchange, AdminRole.READ_ONLY);
        return Reply.json(200, view(rotation.status()));
    }

    private Route phase(Phase phase) {
        return RotationRoutes.post(auth, MAX_BODY, PhaseRequest.class, (by, request) -> view(phase.run(by, request)));
    }

    private static StatusView view(CertificateRotation.Status s) {
        return new StatusView(s.phase().name(), s.changed(), s.servingPin(), s.nextPin(), s.previousPin(),
                s.rootVersion(), s.rootPins(), text(s.stagedAt()), s.pendingClients(), text(s.activatableAt()),
                s.retiredSlots());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
