package io.patchbay.sample.host.impl.client;

import io.patchbay.sample.host.impl.json.ErrorView;
import io.patchbay.sample.host.impl.json.Json;
import io.patchbay.sample.host.impl.json.LicenseRequestBody;
import io.patchbay.sample.host.impl.json.LicenseView;
import io.patchbay.sample.host.impl.json.MalformedJsonException;
import io.patchbay.sample.host.impl.json.PatchLevelView;
import io.patchbay.sample.host.impl.json.PatchRequestBody;
import io.patchbay.sample.host.impl.json.SwapReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Talks to a sample host over its HTTP API, as the CLI's {@code apply} and the demo do. */
public final class HostClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A swap may wait for its health gate; leave it room. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    /** The statuses whose body is a swap report (committed, rolled back, rejected, rollback failed). */
    private static final Set<Integer> REPORT_STATUSES = Set.of(200, 409, 422, 500);

    private final URI base;
    private final HttpClient http;

    public HostClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** {@code GET /greet?name=...}. */
    public String greet(String name) {
        HttpResponse<String> response = send(get("/greet?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
        expect(200, response);
        return response.body();
    }

    /** A status and its text: the body, or an error reply's message. */
    public record Answer(int status, String text) {
    }

    /** {@code GET /report?subject=...}: the licensed feature's answer, or its refusal (503 while unlicensed). */
    public Answer report(String subject) {
        HttpResponse<String> response = send(get("/report?subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8)));
        return new Answer(response.statusCode(), response.statusCode() == 200 ? response.body() : errorText(response));
    }

    /** {@code GET /license}. */
    public LicenseView license() {
        HttpResponse<String> response = send(get("/license"));
        expect(200, response);
        return parse(response, LicenseView.class);
    }

    /** {@code POST /license/activate} with a license token. */
    public LicenseView importToken(String token) {
        return activate(new LicenseRequestBody(null, token));
    }

    /** {@code POST /license/activate} with a license key (online activation by the host). */
    public LicenseView activate(LicenseRequestBody body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/license/activate")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))).build();
        HttpResponse<String> response = send(request);
        expect(200, response);
        return parse(response, LicenseView.class);
    }

    /** {@code GET /patch-level}. */
    public PatchLevelView patchLevel() {
        HttpResponse<String> response = send(get("/patch-level"));
        expect(200, response);
        return parse(response, PatchLevelView.class);
    }

    /** {@code POST /patches} with the files' absolute paths: one patch, whatever its outcome. */
    public SwapReport apply(String label, List<Path> jars) {
        List<String> files = jars.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        byte[] body = Json.write(new PatchRequestBody(files, label, null));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/patches"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = send(request);
        if (!REPORT_STATUSES.contains(response.statusCode())) {
            throw failure(response);
        }
        try {
            return Json.read(response.body().getBytes(StandardCharsets.UTF_8), SwapReport.class);
        } catch (MalformedJsonException e) {
            throw failure(response); // e.g. a 500 that is an error, not a "rollback failed" report
        }
    }

    private HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HostClientException(0, "cannot reach the host at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostClientException(0, "interrupted while calling " + request.uri());
        }
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw failure(response);
        }
    }

    private static String errorText(HttpResponse<String> response) {
        try {
            return Json.read(response.body().getBytes(StandardCharsets.UTF_8), ErrorView.class).error();
        } catch (MalformedJsonException e) {
            return response.body();
        }
    }

    private static HostClientException failure(HttpResponse<String> response) {
        String message = errorText(response);
        return new HostClientException(response.statusCode(),
                response.request().method() + " " + response.uri().getPath() + " answered "
                        + response.statusCode() + ": " + message);
    }

    private static <T> T parse(HttpResponse<String> response, Class<T> type) {
        try {
            return Json.read(response.body().getBytes(StandardCharsets.UTF_8), type);
        } catch (MalformedJsonException e) {
            throw new HostClientException(response.statusCode(), "unexpected answer from "
                    + response.uri().getPath() + ": " + e.getMessage());
        }
    }
}
