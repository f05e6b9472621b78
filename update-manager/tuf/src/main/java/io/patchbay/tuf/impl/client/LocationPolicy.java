package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.UntrustedLocationException;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.TrustedLocation;
import java.net.URI;
import java.util.List;

/**
 * Either fixed URLs given by the application (plain TUF: trust signatures, not hosts), or — the Patchbay
 * agent's mode — the location and TLS pins named by the currently trusted root, re-read after every
 * root rotation so that a signed move of the repository is followed.
 */
public final class LocationPolicy {

    private final boolean followRoot;
    private final URI metadataUrl;
    private final URI targetsUrl;

    private LocationPolicy(boolean followRoot, URI metadataUrl, URI targetsUrl) {
        this.followRoot = followRoot;
        this.metadataUrl = metadataUrl;
        this.targetsUrl = targetsUrl;
    }

    public static LocationPolicy followRoot() {
        return new LocationPolicy(true, null, null);
    }

    /** @param targetsUrl may be null when only metadata is refreshed */
    public static LocationPolicy fixed(URI metadataUrl, URI targetsUrl) {
        return new LocationPolicy(false, directory(metadataUrl), targetsUrl == null ? null : directory(targetsUrl));
    }

    private static URI directory(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("repository URL must be absolute: " + uri);
        }
        return uri.getRawPath() != null && uri.getRawPath().endsWith("/") ? uri : URI.create(uri + "/");
    }

    public boolean followsRoot() {
        return followRoot;
    }

    Endpoint endpointFor(Root root) {
        if (!followRoot) {
            return new Endpoint(metadataUrl, targetsUrl, false, List.of());
        }
        TrustedLocation location = root.location().orElseThrow(() -> new UntrustedLocationException("trusted root v"
                + root.version() + " names no repository location (" + TrustedLocation.LOCATION_FIELD
                + "); the updater is configured to fetch only from the location root names"));
        return new Endpoint(location.metadataUrl(), location.targetsUrl(), true, location.tlsPins());
    }

    Endpoint requireTargets(Endpoint endpoint) {
        if (endpoint.targetsBase() == null) {
            throw new IllegalStateException("no targets URL configured");
        }
        return endpoint;
    }
}
