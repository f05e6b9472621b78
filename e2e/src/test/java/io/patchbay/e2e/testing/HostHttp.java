package io.patchbay.e2e.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A sample host's HTTP API, as a user calls it: /greet and /patch-level. */
public final class HostHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public HostHttp(URI base) {
        this.base = base;
    }

    public String greet(String name) throws IOException, InterruptedException {
        return get("/greet?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    /** The committed level: {@code sequence} and {@code bundles} [{symbolicName, version, ...}]. */
    public JsonNode patchLevel() throws IOException, InterruptedException {
        return OperatorCli.JSON.readTree(get("/patch-level"));
    }

    /** The committed version of {@code symbolicName}, or null. */
    public String version(String symbolicName) throws IOException, InterruptedException {
        for (JsonNode bundle : patchLevel().path("bundles")) {
            if (symbolicName.equals(bundle.path("symbolicName").asText())) {
                return bundle.path("version").asText();
            }
        }
        return null;
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
