package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RepositoryMismatchException;
import java.time.Instant;

/** Checks every piece of metadata gets, whatever its role. */
final class MetadataChecks {

    static final int SUPPORTED_SPEC_MAJOR = 1;

    private MetadataChecks() {
    }

    /**
     * Parses and checks {@code _type} and the spec_version major; the result carries the canonical bytes of
     * "signed" as read, which the signature checks then use.
     *
     * @param what how to name the file in messages, e.g. "2.root.json"
     */
    static Metadata.Parsed parse(byte[] bytes, String expectedType, String what) {
        Metadata.Parsed parsed;
        try {
            parsed = Metadata.parseWithSignedBytes(bytes);
        } catch (io.patchbay.tuf.api.MalformedMetadataException e) {
            throw new io.patchbay.tuf.api.MalformedMetadataException(what + ": " + e.getMessage(), e);
        }
        Metadata metadata = parsed.metadata();
        if (!expectedType.equals(metadata.type())) {
            throw new RepositoryMismatchException(what + ": expected _type '" + expectedType + "', got '"
                    + metadata.type() + "'");
        }
        if (metadata.specVersionMajor() != SUPPORTED_SPEC_MAJOR) {
            throw new RepositoryMismatchException(what + ": spec_version " + metadata.specVersion()
                    + " is not supported (this client implements TUF " + SUPPORTED_SPEC_MAJOR + ".x)");
        }
        return parsed;
    }

    static void requireNotExpired(Metadata metadata, String roleName, Instant now) {
        if (metadata.isExpired(now)) {
            throw new ExpiredMetadataException(roleName + " v" + metadata.version() + " expired at "
                    + Metadata.formatExpiry(metadata.expires()) + " (update started at " + Metadata.formatExpiry(now)
                    + "); the repository may be frozen or the signer is late");
        }
    }
}
