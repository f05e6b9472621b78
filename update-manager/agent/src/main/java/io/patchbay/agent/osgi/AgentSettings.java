package io.patchbay.agent.osgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *   <li>{@value #TOKEN_FILE}: a file holding the one-time enrollment token (read at start; ignored once
 *       enrolled). A file rather than a property, so the credential is not readable by every bundle.</li>
 *   <li>{@value #CHANNEL}: the channel reported at check-in (default: the one the token assigned).</li>
 * </ul>
 */
record AgentSettings(Path root, Path dataDirectory, Optional<String> enrollmentToken, Optional<String> channel) {
    static final String ROOT = "patchbay.agent.root";
    static final String DATA = "patchbay.agent.data";
    static final String TOKEN_FILE = "patchbay.agent.tokenFile";
    static final String CHANNEL = "patchbay.agent.channel";

    AgentSettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
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
        Optional<String> token = Optional.empty();
        if (tokenFile != null) {
            try {
                token = Optional.of(Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).strip())
                        .filter(t -> !t.isEmpty());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the enrollment token file " + tokenFile + " ("
                        + TOKEN_FILE + "): " + e.getMessage(), e);
            }
        }
        return new AgentSettings(Path.of(root), data == null ? dataArea : Path.of(data), token,
                Optional.ofNullable(blankToNull(properties.apply(CHANNEL))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
