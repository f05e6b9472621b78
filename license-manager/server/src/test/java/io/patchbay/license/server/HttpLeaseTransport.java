package io.patchbay.license.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.license.api.LeaseTransport;
import io.patchbay.license.server.api.LicenseServerApi;
import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * The license core's transport over this server's HTTP API ({@link LicenseServerApi}): what a host's production
 * transport does, here on the test's pinned client. Any refusal is an IOException naming the server's reason.
 */
final class HttpLeaseTransport implements LeaseTransport {
    private final LicenseServerFixture server;

    HttpLeaseTransport(LicenseServerFixture server) {
        this.server = server;
    }

    @Override
    public String renew(String signedRequest) throws IOException {
        return field(LicenseServerApi.RENEW, signedRequest, "lease");
    }

    @Override
    public String activate(String signedRequest) throws IOException {
        return field(LicenseServerApi.ACTIVATE, signedRequest, "token");
    }

    private String field(String path, String jws, String field) throws IOException {
        try {
            HttpResponse<String> answer = server.send(path, jws);
            JsonNode body = LicenseServerFixture.json(answer);
            if (answer.statusCode() != 200) {
                throw new IOException(path + " refused: " + answer.statusCode() + " " + body.path("error").asText()
                        + " (" + body.path("message").asText() + ")");
            }
            return body.get(field).asText();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(path + " failed: " + e.getMessage(), e);
        }
    }
}
