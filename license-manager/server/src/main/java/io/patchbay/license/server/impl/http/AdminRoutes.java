package io.patchbay.license.server.impl.http;

import io.patchbay.license.api.ActivationRequest;
import io.patchbay.license.server.api.LicenseServerApi;
import io.patchbay.license.server.impl.keys.VendorKeys;
import io.patchbay.license.server.impl.service.ActivationService;
import io.patchbay.license.server.impl.service.Ids;
import io.patchbay.license.server.impl.store.ActivationRow;
import io.patchbay.license.server.impl.store.Activations;
import io.patchbay.license.server.impl.store.Audit;
import io.patchbay.license.server.impl.store.Flags;
import io.patchbay.license.server.impl.store.LicenseRow;
import io.patchbay.license.server.impl.store.Licenses;
import io.patchbay.license.server.impl.store.Seats;
import io.patchbay.license.server.impl.store.Sql;
import io.patchbay.server.spi.ExtensionContext;
import io.patchbay.server.spi.ExtensionRefusal;
import io.patchbay.server.spi.ExtensionReply;
import io.patchbay.server.spi.ExtensionRequest;
import io.patchbay.server.spi.ExtensionRoutes;
import io.patchbay.server.store.AdminRole;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator's license routes, {@code /admin/v1/licenses/...}: READ_ONLY tokens read, OPERATOR tokens change. Every
 * change is in the license's audit trail with the admin token id that made it.
 */
public final class AdminRoutes {
    static final int MAX_LIST = 500;
    private static final Pattern LICENSE_ID = Pattern.compile("lic_[0-9a-f]{24}");
    private static final List<String> STATUSES = List.of(LicenseRow.ACTIVE, LicenseRow.SUSPENDED, LicenseRow.REVOKED);

    record StatusChange(String id, String reason) {
    }

    record OfflineBody(String request) {
    }

    record Issued(String licenseKey, Views.License license) {
    }

    record Key(String keyId, String publicKey, boolean active) {
    }

    private final ExtensionContext context;
    private final VendorKeys keys;
    private final ActivationService activations;

    public AdminRoutes(ExtensionContext context, VendorKeys keys, ActivationService activations) {
        this.context = context;
        this.keys = keys;
        this.activations = activations;
    }

    public void register(ExtensionRoutes routes) {
        int max = LicenseServerApi.MAX_ADMIN_BODY;
        routes.admin("POST", LicenseServerApi.LICENSES, max, AdminRole.OPERATOR, this::issue);
        routes.admin("GET", LicenseServerApi.LIST, 0, AdminRole.READ_ONLY, this::list);
        routes.admin("GET", LicenseServerApi.SHOW, 0, AdminRole.READ_ONLY, this::show);
        routes.admin("POST", LicenseServerApi.REVOKE, max, AdminRole.OPERATOR, r -> status(r, LicenseRow.REVOKED));
        routes.admin("POST", LicenseServerApi.SUSPEND, max, AdminRole.OPERATOR, r -> status(r, LicenseRow.SUSPENDED));
        routes.admin("POST", LicenseServerApi.REINSTATE, max, AdminRole.OPERATOR, r -> status(r, LicenseRow.ACTIVE));
        routes.admin("GET", LicenseServerApi.FLAGS, 0, AdminRole.READ_ONLY, this::flags);
        routes.admin("POST", LicenseServerApi.OFFLINE_ACTIVATE, max, AdminRole.OPERATOR, this::offline);
        routes.admin("GET", LicenseServerApi.KEYS, 0, AdminRole.READ_ONLY, r -> ExtensionReply.ok(keyList()));
        routes.admin("POST", LicenseServerApi.ROTATE_KEY, max, AdminRole.OPERATOR, this::rotate);
    }

    private ExtensionReply issue(ExtensionRequest r) throws SQLException {
        IssueInput input = r.json(IssueInput.class);
        Instant now = context.clock().instant();
        LicenseRow row = input.toRow(Ids.id(context.random(), "lic_"), now, keys.active().publicKey().base64Url());
        String licenseKey = Ids.secret(context.random(), "LK-");
        String actor = admin(r);
        context.inTransaction(c -> {
            Licenses.insert(c, row, Sql.sha256Hex(licenseKey));
            Audit.record(c, now, row.id(), actor, "ISSUE", "for " + row.customer());
            return null;
        });
        // The license key is shown once, here; the server keeps only its hash.
        return ExtensionReply.created(new Issued(licenseKey, Views.license(row)));
    }

    private ExtensionReply list(ExtensionRequest r) throws SQLException {
        String status = r.query("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new ExtensionRefusal(400, "bad_query", "status: one of " + STATUSES);
        }
        int limit = limit(r);
        List<Views.License> licenses = context.inTransaction(c -> Licenses.list(c, status, limit)).stream()
                .map(Views::license).toList();
        return ExtensionReply.ok(Map.of("licenses", licenses));
    }

    private ExtensionReply show(ExtensionRequest r) throws SQLException {
        String id = licenseId(r.query("id"));
        return ExtensionReply.ok(context.inTransaction(c -> {
            LicenseRow license = Licenses.find(c, id).orElseThrow(() -> unknown(id));
            return new Views.Details(Views.license(license),
                    Activations.all(c, id, MAX_LIST).stream().map(Views::activation).toList(),
                    Seats.list(c, id, MAX_LIST).stream().map(Views::seat).toList(),
                    Flags.list(c, id, MAX_LIST).stream().map(Views::flag).toList(),
                    Audit.recent(c, id, 100).stream().map(Views::audit).toList());
        }));
    }

    private ExtensionReply flags(ExtensionRequest r) throws SQLException {
        String raw = r.query("id");
        String id = raw == null ? null : licenseId(raw);
        int limit = limit(r);
        return ExtensionReply.ok(Map.of("flags", context.inTransaction(c -> Flags.list(c, id, limit)).stream()
                .map(Views::flag).toList()));
    }

    /** Revoke (final), suspend, or reinstate a suspended license; instances learn it at their next renewal. */
    private ExtensionReply status(ExtensionRequest r, String target) throws SQLException {
        StatusChange change = r.json(StatusChange.class);
        String id = licenseId(change.id());
        String reason = change.reason() == null ? null : change.reason().strip();
        if (reason != null && (reason.length() > 256 || reason.chars().anyMatch(Character::isISOControl))) {
            throw new ExtensionRefusal(400, "invalid_input", "reason: at most 256 characters, no control characters");
        }
        String actor = admin(r);
        Instant now = context.clock().instant();
        List<String> wake = new ArrayList<>();
        LicenseRow updated = context.inTransaction(c -> {
            LicenseRow license = Licenses.lock(c, id).orElseThrow(() -> unknown(id));
            if (LicenseRow.REVOKED.equals(license.status()) && !LicenseRow.REVOKED.equals(target)) {
                throw new ExtensionRefusal(409, "license_revoked", "license " + id + " is revoked; revocation is final");
            }
            if (LicenseRow.ACTIVE.equals(target) && !LicenseRow.SUSPENDED.equals(license.status())) {
                throw new ExtensionRefusal(409, "not_suspended", "license " + id + " is " + license.status());
            }
            Licenses.setStatus(c, id, target, reason, now);
            String action = switch (target) {
                case LicenseRow.REVOKED -> "REVOKE";
                case LicenseRow.SUSPENDED -> "SUSPEND";
                default -> "REINSTATE";
            };
            Audit.record(c, now, id, actor, action, reason);
            for (ActivationRow a : Activations.active(c, id)) {
                if (a.clientId() != null) {
                    wake.add(a.clientId());
                }
            }
            return Licenses.find(c, id).orElseThrow();
        });
        // Sooner than the next renewal when the push channel exists: the instance's agent checks in now.
        wake.forEach(context.push()::notifyClient);
        return ExtensionReply.ok(Map.of("license", Views.license(updated), "notified", wake.size()));
    }

    private ExtensionReply offline(ExtensionRequest r) throws SQLException {
        OfflineBody body = r.json(OfflineBody.class);
        ActivationRequest request = DeviceRoutes.activationRequest(body.request());
        return ExtensionReply.ok(activations.activate(request, null, ActivationService.Mode.OFFLINE, admin(r)));
    }

    private ExtensionReply rotate(ExtensionRequest r) throws IOException {
        String id = keys.rotate(context.random());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("activeKeyId", id);
        answer.putAll(keyList());
        return ExtensionReply.ok(answer);
    }

    private Map<String, Object> keyList() {
        List<Key> list = new ArrayList<>();
        keys.publicKeys().forEach((id, key) -> list.add(new Key(id, key.base64Url(), id.equals(keys.activeId()))));
        return Map.of("keys", list);
    }

    private static String admin(ExtensionRequest r) {
        return "admin:" + r.admin().orElseThrow().tokenId();
    }

    private static int limit(ExtensionRequest r) {
        String raw = r.query("limit");
        if (raw == null) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIST) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ExtensionRefusal(400, "bad_query", "limit: 1.." + MAX_LIST);
    }

    private static String licenseId(String id) {
        if (id == null || !LICENSE_ID.matcher(id).matches()) {
            throw new ExtensionRefusal(400, "invalid_input", "id: a license id (lic_ and 24 hex digits)");
        }
        return id;
    }

    private static ExtensionRefusal unknown(String id) {
        return new ExtensionRefusal(404, "unknown_license", "no license '" + id + "'");
    }
}
