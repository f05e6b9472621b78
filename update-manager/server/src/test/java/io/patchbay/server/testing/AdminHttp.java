package io.patchbay.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One admin API call as tests make it: a method, a path, an optional bearer token and an optional JSON body. */
public final class AdminHttp {
    private AdminHttp() {
    }

    /** @param token null for none; @param json null for no body */
    public static HttpResponse<String> send(HttpClient http, URI base, String method, String pathAndQuery, String token,
            String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
