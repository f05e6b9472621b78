package io.patchbay.server.impl.rotation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of every certificate-renewal phase that changed something, and of every location-move phase: a line on
 * the {@code io.patchbay.server.audit} logger and a JSON line appended to {@code tls/rotations.log} (owner-only) in
 * the data directory, with who (the admin token's id), when, and the pins, location and root version that resulted.
 */
public final class RotationAudit {
    private static final Logger LOG = LoggerFactory.getLogger("io.patchbay.server.audit");
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Path file;
    private final Clock clock;

    public RotationAudit(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    void record(String phase, String by, CertificateRotation.Status status) throws IOException {
        if (!status.changed()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rootVersion", status.rootVersion());
        fields.put("rootPins", status.rootPins());
        fields.put("servingPin", status.servingPin());
        LOG.info("certificate renewal {} by admin token {}: root v{} pins {}, serving {}", phase, by,
                status.rootVersion(), status.rootPins(), status.servingPin());
        append(null, phase, by, fields);
    }

    /** A phase of another rotation ({@code kind}, e.g. {@code location}): logged and appended as it is. */
    void record(String kind, String phase, String by, Map<String, Object> fields) throws IOException {
        LOG.info("{} {} by admin token {}: {}", kind, phase, by, fields);
        append(kind, phase, by, fields);
    }

    private void append(String kind, String phase, String by, Map<String, Object> fields) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", clock.instant().toString());
        if (kind != null) {
            line.put("kind", kind);
        }
        line.put("phase", phase);
        line.put("by", by);
        line.putAll(fields);
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write((MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
