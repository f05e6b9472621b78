package io.patchbay.license.server.impl.http;

import io.patchbay.license.api.ActivationRequest;
import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.server.api.LicenseServerApi;
import io.patchbay.license.server.impl.service.ActivationService;
import io.patchbay.license.server.impl.service.LeaseService;
import io.patchbay.server.spi.ExtensionRefusal;
import io.patchbay.server.spi.ExtensionReply;
import io.patchbay.server.spi.ExtensionRequest;
import io.patchbay.server.spi.ExtensionRoutes;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The instance-facing routes, {@code /license/v1/...}. Each body carries one message signed with the instance key
 * (see {@link LicenseServerApi}); its signature is checked before anything is looked up or written.
 */
public final class DeviceRoutes {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The body of every instance request: the signed message, and for activation the optional update client id. */
    record Body(String request, String clientId) {
    }

    private final ActivationService activations;
    private final LeaseService leases;

    public DeviceRoutes(ActivationService activations, LeaseService leases) {
        this.activations = activations;
        this.leases = leases;
    }

    public void register(ExtensionRoutes routes) {
        int max = LicenseServerApi.MAX_DEVICE_BODY;
        routes.device("POST", LicenseServerApi.ACTIVATE, max, r -> activate(r, ActivationService.Mode.ONLINE));
        routes.device("POST", LicenseServerApi.TRANSFER, max, r -> activate(r, ActivationService.Mode.TRANSFER));
        routes.device("POST", LicenseServerApi.RENEW, max,
                r -> ExtensionReply.ok(Map.of("lease", leases.renew(leaseRequest(r)))));
        routes.device("POST", LicenseServerApi.RELEASE, max,
                r -> ExtensionReply.ok(Map.of("released", leases.release(leaseRequest(r)))));
        routes.device("POST", LicenseServerApi.DEACTIVATE, max, r -> {
            activations.deactivate(leaseRequest(r));
            return ExtensionReply.ok(Map.of("deactivated", true));
        });
    }

    private ExtensionReply activate(ExtensionRequest r, ActivationService.Mode mode) throws Exception {
        Body body = r.json(Body.class);
        if (body.clientId() != null && !CLIENT_ID.matcher(body.clientId()).matches()) {
            throw new ExtensionRefusal(400, "invalid_input", "clientId: the update client's id, [A-Za-z0-9._-]{1,64}");
        }
        ActivationRequest request = activationRequest(body.request());
        ActivationService.Granted granted = activations.activate(request, body.clientId(), mode,
                "instance:" + request.instanceKey());
        return ExtensionReply.ok(granted);
    }

    static ActivationRequest activationRequest(String jws) {
        try {
            return LicenseTokens.verifyActivationRequest(present(jws));
        } catch (LicenseException e) {
            throw refusal(e);
        }
    }

    private static LeaseRequest leaseRequest(ExtensionRequest r) {
        try {
            return LicenseTokens.verifyLeaseRequest(present(r.json(Body.class).request()));
        } catch (LicenseException e) {
            throw refusal(e);
        }
    }

    private static String present(String jws) {
        if (jws == null || jws.isEmpty()) {
            throw new ExtensionRefusal(400, "invalid_input", "request: the signed message (compact JWS) is missing");
        }
        return jws;
    }

    /** The license core's reason, as the error code ({@code bad_signature}, {@code unknown_key}, ...). */
    static ExtensionRefusal refusal(LicenseException e) {
        return new ExtensionRefusal(400, e.code().name().toLowerCase(Locale.ROOT), e.getMessage());
    }
}
