package io.patchbay.sample.host.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The update agent a sample host runs inside its container ({@code serve --agent-root ...}): the signed agent
 * bundle, installed as an initial bundle, configured through framework properties.
 *
 * @param bundle        the publisher-signed agent bundle jar (the build's is {@link SampleBundles#agent()})
 * @param root          the signed TUF root the update server's {@code init} wrote: the only way the agent finds
 *                      and trusts its server (location and TLS pin)
 * @param tokenFile     a file holding a one-time enrollment token, read when the agent is not enrolled yet
 * @param channel       the channel reported at check-in (default: the one the token assigned)
 * @param dataDirectory the agent's identity keys and TUF metadata (default: the agent bundle's data area, which a
 *                      lost container cache loses too)
 */
public record HostAgent(Path bundle, Path root, Optional<Path> tokenFile, Optional<String> channel,
                        Optional<Path> dataDirectory) {

    /**
     * Checks the record.
     *
     * @param bundle        the agent bundle jar
     * @param root          the signed TUF root
     * @param tokenFile     the enrollment token file, or empty
     * @param channel       the channel, or empty
     * @param dataDirectory the agent's data directory, or empty
     * @throws NullPointerException     when a component is null (use {@link Optional#empty()} for none)
     * @throws IllegalArgumentException when the channel is blank
     */
    public HostAgent {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (Objects.requireNonNull(channel, "channel").filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("the agent's channel must not be blank");
        }
    }

    /**
     * The agent bundle with its signed root; no token, channel or data directory of its own.
     *
     * @param bundle the publisher-signed agent bundle jar
     * @param root   the signed TUF root
     * @return the agent settings
     */
    public static HostAgent of(Path bundle, Path root) {
        return new HostAgent(bundle, root, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A copy that enrolls with a one-time token.
     *
     * @param file the file holding the token
     * @return the copy
     */
    public HostAgent withTokenFile(Path file) {
        return new HostAgent(bundle, root, Optional.of(file), channel, dataDirectory);
    }

    /**
     * A copy that reports another channel at check-in.
     *
     * @param name the channel, not blank
     * @return the copy
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public HostAgent withChannel(String name) {
        return new HostAgent(bundle, root, tokenFile, Optional.of(name), dataDirectory);
    }

    /**
     * A copy whose identity keys and TUF metadata live in a directory that outlives the container cache.
     *
     * @param directory the agent's data directory
     * @return the copy
     */
    public HostAgent withDataDirectory(Path directory) {
        return new HostAgent(bundle, root, tokenFile, channel, Optional.of(directory));
    }
}
