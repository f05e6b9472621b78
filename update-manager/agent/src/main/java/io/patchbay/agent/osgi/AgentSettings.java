package io.patchbay.agent.osgi;

import io.patchbay.agent.api.PushSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The in-container agent's configuration, read from framework properties the host sets with
 * {@code Patchbay.builder().frameworkProperty(...)}:
 * <ul>
 *   <li>{@value #ROOT} (required): the signed TUF root the server's {@code init} wrote. It names the server's location
 *       and TLS pins ({@code x-patchbay-location}); the agent has no other way to find or trust the server.</li>
 *   <li>{@value #DATA}: the agent's own directory (identity keys, client id, TUF metadata). Default: the bundle's
 *       data area, which survives updates of the agent (same bundle) but not a lost container cache.</li>
 *   <li>{@value #TOKEN_FILE}: a file holding the one-time enrollment token (ignored while enrolled). Read again
 *       whenever the agent has no usable identity (first start, token refused, client revoked), so an operator
 *       enrolls a revoked host again by writing a fresh token there, without a restart. A file rather than a
 *       property, so the credential is not readable by every bundle.</li>
 *   <li>{@value #CHANNEL}: the channel reported at check-in (default: the one the token assigned).</li>
 *   <li>{@value #KEY_ROTATION}: how often the client's keys are rotated, an ISO-8601 duration such as {@code P30D}
 *       (the default).</li>
 *   <li>{@code patchbay.agent.push.*}: the push channel, see {@link PushProperties} (default: on).</li>
 * </ul>
 */
record AgentSettings(Path root, Path dataDirectory, Optional<Path> tokenFile, Optional<String> channel,
                     Optional<Duration> keyRotation, PushSettings push) {
    static final String ROOT = "patchbay.agent.root";
    static final String DATA = "patchbay.agent.data";
    static final String TOKEN_FILE = "patchbay.agent.tokenFile";
    static final String CHANNEL = "patchbay.agent.channel";
    static final String KEY_ROTATION = "patchbay.agent.keyRotation";

    AgentSettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(push, "push");
    }

    /** Reads the settings; {@code dataArea} is the fallback data directory (the bundle's own). */
    static AgentSettings read(Function<String, String> properties, Path dataArea) {
        String root = blankToNull(properties.apply(ROOT));
        if (root == null) {
            throw new IllegalStateException("the agent needs the framework property " + ROOT
                    + " (the signed root file the update server's init wrote)");
        }
        String data = blankToNull(properties.apply(DATA));
        String tokenFile = blankToNull(properties.apply(TOKEN_FILE));
        String rotation = blankToNull(properties.apply(KEY_ROTATION));
        Optional<Duration> keyRotation;
        try {
            keyRotation = Optional.ofNullable(rotation).map(Duration::parse);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(KEY_ROTATION + " must be an ISO-8601 duration such as P30D: " + rotation);
        }
        return new AgentSettings(Path.of(root), data == null ? dataArea : Path.of(data),
                Optional.ofNullable(tokenFile).map(Path::of),
                Optional.ofNullable(blankToNull(properties.apply(CHANNEL))), keyRotation,
                PushProperties.read(properties));
    }

    /**
     * The token file's content now; empty without a file (configured or present) or when it is blank. An unreadable
     * file counts as no token: the agent says it is not enrolled, and the operator fixes the file.
     */
    Optional<String> enrollmentToken() {
        if (tokenFile.isEmpty() || !Files.isRegularFile(tokenFile.get())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(tokenFile.get(), StandardCharsets.UTF_8).strip())
                    .filter(t -> !t.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
