package io.patchbay.sample.host.impl.http;

import io.patchbay.framework.api.Patch;
import io.patchbay.sample.host.impl.json.Json;
import io.patchbay.sample.host.impl.json.MalformedJsonException;
import io.patchbay.sample.host.impl.json.PatchRequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** Turns a {@code POST /patches} request into a {@link Patch}, refusing anything malformed or too large. */
final class PatchRequests {

    static final String JSON = "application/json";
    static final String JAR = "application/java-archive";
    static final int MAX_JSON_BYTES = 64 * 1024;
    static final int MAX_JAR_BYTES = 64 * 1024 * 1024;
    static final int MAX_FILES = 32;

    private PatchRequests() {
    }

    static Patch read(Request request, String mediaType) throws IOException {
        return switch (mediaType) {
            case JSON -> fromFileList(readBody(request, MAX_JSON_BYTES));
            case JAR, "application/octet-stream", "application/zip" -> fromUpload(request);
            default -> throw new HttpError(415, "unsupported Content-Type " + mediaType + ": send " + JSON
                    + " {\"files\": [\"/path/bundle.jar\"]} or one bundle jar as " + JAR);
        };
    }

    /** {@code {"files": ["/abs/a.jar", ...], "label": "...", "allowDowngrade": false}}: one patch of all files. */
    static Patch fromFileList(byte[] body) {
        PatchRequestBody parsed;
        try {
            parsed = Json.read(body, PatchRequestBody.class);
        } catch (MalformedJsonException e) {
            throw new HttpError(400, "malformed patch request: " + e.getMessage());
        }
        if (parsed == null || parsed.files() == null || parsed.files().isEmpty()) {
            throw new HttpError(400, "a patch request needs \"files\": a non-empty list of bundle jar paths");
        }
        if (parsed.files().size() > MAX_FILES) {
            throw new HttpError(400, "a patch may hold at most " + MAX_FILES + " bundles, not " + parsed.files().size());
        }
        List<Patch.Artifact> artifacts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String file : parsed.files()) {
            Path jar = existingJar(file);
            artifacts.add(readArtifact(jar));
            names.add(jar.getFileName().toString());
        }
        String label = parsed.label() == null || parsed.label().isBlank() ? String.join(" + ", names) : parsed.label();
        return new Patch(label, artifacts, Boolean.TRUE.equals(parsed.allowDowngrade()));
    }

    /** The body is one bundle jar; {@code ?name=} names it in reports. */
    private static Patch fromUpload(Request request) throws IOException {
        byte[] jar = readBody(request, MAX_JAR_BYTES);
        if (jar.length == 0) {
            throw new HttpError(400, "the request body is empty; send the bundle jar as the body");
        }
        Fields query = Request.extractQueryParameters(request);
        String name = query.getValue("name") == null ? "uploaded.jar" : query.getValue("name");
        String label = query.getValue("label") == null ? name : query.getValue("label");
        return new Patch(label, List.of(new Patch.Artifact(name, jar, null)), false);
    }

    private static Path existingJar(String file) {
        Path jar;
        try {
            jar = Path.of(file);
        } catch (InvalidPathException e) {
            throw new HttpError(400, "not a valid path: " + file);
        }
        if (!jar.isAbsolute()) {
            throw new HttpError(400, "file paths must be absolute (the host's working directory is not the caller's): " + file);
        }
        if (!Files.isRegularFile(jar)) {
            throw new HttpError(400, "no such file: " + file);
        }
        return jar;
    }

    private static Patch.Artifact readArtifact(Path jar) {
        try {
            return Patch.Artifact.read(jar);
        } catch (UncheckedIOException e) {
            throw new HttpError(400, "cannot read " + jar + ": " + e.getCause().getMessage());
        }
    }

    private static byte[] readBody(Request request, int limit) throws IOException {
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new HttpError(413, "the request body is larger than " + limit + " bytes");
            }
            return body;
        }
    }
}
