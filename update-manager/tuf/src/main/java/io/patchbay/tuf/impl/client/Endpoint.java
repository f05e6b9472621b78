package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.UntrustedLocationException;
import java.net.URI;
import java.util.List;

/**
 * Where metadata and targets are fetched from, and whether TLS must be pinned. Every URL is built by
 * appending an encoded name to a base, then checked to still lie under that base (same scheme, host,
 * port and path prefix): a fetch can never leave the trusted location.
 */
record Endpoint(URI metadataBase, URI targetsBase, boolean pinned, List<String> tlsPins) {

    FetchRequest metadata(String encodedFileName, long maxBytes) {
        return request(metadataBase, encodedFileName, maxBytes);
    }

    FetchRequest target(String encodedPath, long maxBytes) {
        return request(targetsBase, encodedPath, maxBytes);
    }

    private FetchRequest request(URI base, String encodedRelative, long maxBytes) {
        URI uri = URI.create(base.toString() + encodedRelative).normalize();
        requireUnder(base, uri);
        return new FetchRequest(uri, maxBytes, pinned, tlsPins);
    }

    static void requireUnder(URI base, URI uri) {
        boolean same = base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                && base.getHost() != null && base.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                && effectivePort(base) == effectivePort(uri)
                && uri.getRawPath() != null && uri.getRawPath().startsWith(base.getRawPath())
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!same) {
            throw new UntrustedLocationException("refusing to fetch " + uri + ": it is outside the trusted location " + base);
        }
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    }
}
