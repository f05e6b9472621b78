package io.patchbay.sample.host.impl.http;

import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseException;
import io.patchbay.sample.host.impl.json.Json;
import io.patchbay.sample.host.impl.json.LicenseRequestBody;
import io.patchbay.sample.host.impl.json.LicenseView;
import io.patchbay.sample.host.impl.json.MalformedJsonException;
import io.patchbay.sample.host.impl.runtime.HostLicense;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jetty.server.Request;

/** {@code GET /license} and {@code POST /license/activate}: what is licensed, and installing a license. */
final class LicenseEndpoints {

    /** A license token is a few KiB; a key far less. */
    static final int MAX_BODY_BYTES = 32 * 1024;

    private LicenseEndpoints() {
    }

    static Endpoint status(HostLicense license) {
        return request -> Reply.json(200, view(license));
    }

    static Endpoint activate(HostLicense license) {
        return request -> {
            LicenseRequestBody body = body(request);
            boolean key = body.licenseKey() != null && !body.licenseKey().isBlank();
            boolean token = body.token() != null && !body.token().isBlank();
            if (key == token) {
                throw new HttpError(400, "send exactly one of {\"licenseKey\": \"...\"} or {\"token\": \"...\"}");
            }
            try {
                if (key) {
                    license.activate(body.licenseKey().strip());
                } else {
                    license.importToken(body.token().strip());
                }
            } catch (LicenseException e) {
                throw new HttpError(422, "license refused: " + e.getMessage());
            } catch (IOException e) {
                throw new HttpError(502, "the license server did not activate: " + e.getMessage());
            }
            return Reply.json(200, view(license));
        };
    }

    private static LicenseRequestBody body(Request request) throws IOException {
        byte[] bytes;
        try (InputStream in = Request.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new HttpError(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            LicenseRequestBody body = Json.read(bytes, LicenseRequestBody.class);
            if (body == null) {
                throw new HttpError(400, "empty license request");
            }
            return body;
        } catch (MalformedJsonException e) {
            throw new HttpError(400, "malformed license request: " + e.getMessage());
        }
    }

    static LicenseView view(HostLicense license) {
        LicenseClient client = license.client();
        Optional<LicenseClaims> claims = client.license();
        Map<String, LicenseView.Feature> features = new TreeMap<>();
        for (Map.Entry<String, FeatureStatus> e : client.entitlements().snapshot().entrySet()) {
            FeatureStatus s = e.getValue();
            features.put(e.getKey(), new LicenseView.Feature(s.code().name(), s.enabled(), s.inGrace(),
                    s.until() == null ? null : s.until().toString()));
        }
        return new LicenseView(claims.map(LicenseClaims::licenseId).orElse(null),
                claims.map(LicenseClaims::customer).orElse(null),
                claims.map(c -> c.expiresAt() == null ? null : c.expiresAt().toString()).orElse(null),
                client.instanceKey(), features,
                license.log().recent().stream().map(ev -> new LicenseView.Event(ev.at().toString(), ev.kind(),
                        ev.feature(), ev.code(), ev.message())).toList());
    }
}
