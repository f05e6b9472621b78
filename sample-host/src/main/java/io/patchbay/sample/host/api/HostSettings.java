package io.patchbay.sample.host.api;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a {@link SampleHost}. The HTTP port is always bound on 127.0.0.1.
 *
 * @param port           the HTTP port; 0 picks a free one
 * @param dataDirectory  Patchbay's data directory (bundle store, journal, container cache)
 * @param trustStore     the PKCS#12 store of publisher certificates whose bundles the host accepts
 * @param trustPassword  its password
 * @param initialBundles committed as the first patch level when the data directory holds none yet
 * @param clock          Patchbay's time source (certificate validity, journal, events)
 * @param agent          the update agent to run in the container, if any (none: the host is patched over HTTP only)
 * @param licensing      licensed features, if any: the license client and the gate's source (none: no gate runs,
 *                       so bundles that name a feature stay stopped)
 */
public record HostSettings(int port, Path dataDirectory, Path trustStore, char[] trustPassword,
                           List<Path> initialBundles, Clock clock, Optional<HostAgent> agent,
                           Optional<HostLicensing> licensing) {

    /**
     * Checks the settings and copies the password and the bundle list.
     *
     * @param port           the HTTP port, 0..65535
     * @param dataDirectory  Patchbay's data directory
     * @param trustStore     the publisher trust store
     * @param trustPassword  its password (copied)
     * @param initialBundles the first patch level's bundles (copied)
     * @param clock          Patchbay's time source
     * @param agent          the update agent, or empty
     * @param licensing      the licensing, or empty
     * @throws NullPointerException     when a component is null
     * @throws IllegalArgumentException when the port is out of range
     */
    public HostSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(trustStore, "trustStore");
        trustPassword = trustPassword.clone();
        initialBundles = List.copyOf(initialBundles);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(licensing, "licensing");
    }

    /**
     * Settings without licensing (the 1.0 form).
     *
     * @param port           the HTTP port; 0 picks a free one
     * @param dataDirectory  Patchbay's data directory
     * @param trustStore     the publisher trust store
     * @param trustPassword  its password (copied)
     * @param initialBundles the first patch level's bundles
     * @param clock          Patchbay's time source
     * @param agent          the update agent, or empty
     */
    public HostSettings(int port, Path dataDirectory, Path trustStore, char[] trustPassword,
                        List<Path> initialBundles, Clock clock, Optional<HostAgent> agent) {
        this(port, dataDirectory, trustStore, trustPassword, initialBundles, clock, agent, Optional.empty());
    }

    /**
     * Settings without an update agent or licensing.
     *
     * @param port           the HTTP port; 0 picks a free one
     * @param dataDirectory  Patchbay's data directory
     * @param trustStore     the publisher trust store
     * @param trustPassword  its password (copied)
     * @param initialBundles the first patch level's bundles
     * @param clock          Patchbay's time source
     */
    public HostSettings(int port, Path dataDirectory, Path trustStore, char[] trustPassword,
                        List<Path> initialBundles, Clock clock) {
        this(port, dataDirectory, trustStore, trustPassword, initialBundles, clock, Optional.empty(), Optional.empty());
    }

    /**
     * The same settings with an update agent in the container.
     *
     * @param updateAgent the agent
     * @return the copy
     */
    public HostSettings withAgent(HostAgent updateAgent) {
        return new HostSettings(port, dataDirectory, trustStore, trustPassword, initialBundles, clock,
                Optional.of(updateAgent), licensing);
    }

    /**
     * The same settings with licensing, and {@code licensedBundles} (the license gate bundle and the bundles that need
     * a feature) added to the initial bundles.
     *
     * @param license         the licensing settings
     * @param licensedBundles the gate bundle and the gated bundles
     * @return the copy
     */
    public HostSettings withLicensing(HostLicensing license, List<Path> licensedBundles) {
        List<Path> initial = new java.util.ArrayList<>(initialBundles);
        initial.addAll(licensedBundles);
        return new HostSettings(port, dataDirectory, trustStore, trustPassword, initial, clock, agent,
                Optional.of(license));
    }

    /**
     * Settings for the build's sample bundles: formatter 1.0.0 and greeter 1.0.0 to start with.
     *
     * @param bundles       the build's sample bundles and trust store
     * @param port          the HTTP port; 0 picks a free one
     * @param dataDirectory Patchbay's data directory
     * @return the settings, on the system clock
     */
    public static HostSettings forSampleBundles(SampleBundles bundles, int port, Path dataDirectory) {
        return new HostSettings(port, dataDirectory, bundles.trustStore(), bundles.trustPassword(),
                List.of(bundles.formatter(), bundles.greeter()), Clock.systemUTC());
    }

    /**
     * The trust store password, copied on each call so a caller that wipes its array wipes only its own.
     *
     * @return a copy of the password
     */
    @Override
    public char[] trustPassword() {
        return trustPassword.clone();
    }
}
