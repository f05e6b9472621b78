package io.patchbay.tuf.api.model;

import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.Metadata;
import java.util.Map;

/** The timestamp role: the current snapshot version (and optionally its length and hashes). */
public final class Timestamp {

    /** The one {@code meta} entry a timestamp must have. */
    public static final String SNAPSHOT_JSON = "snapshot.json";

    private final Metadata metadata;
    private final MetaFile snapshotMeta;

    private Timestamp(Metadata metadata) {
        Views.requireType(metadata, Metadata.TIMESTAMP);
        this.metadata = metadata;
        Map<String, MetaFile> meta = Views.meta(metadata);
        this.snapshotMeta = meta.get(SNAPSHOT_JSON);
        if (snapshotMeta == null) {
            throw new MalformedMetadataException("timestamp v" + metadata.version()
                    + ": meta has no 'snapshot.json' entry, got " + meta.keySet());
        }
    }

    /**
     * A view of timestamp metadata. Only its shape is checked: signatures, versions and expiry are the updater's
     * checks.
     *
     * @param metadata parsed metadata of {@code _type} timestamp
     * @return the view
     * @throws io.patchbay.tuf.api.RepositoryMismatchException if {@code _type} is not timestamp
     * @throws io.patchbay.tuf.api.MalformedMetadataException  if {@code meta} is missing, malformed, or has no
     *                                                         {@value #SNAPSHOT_JSON} entry
     */
    public static Timestamp of(Metadata metadata) {
        return new Timestamp(metadata);
    }

    /**
     * The metadata this view reads, e.g. to store it or check its signatures.
     *
     * @return the metadata (not a copy)
     */
    public Metadata metadata() {
        return metadata;
    }

    /**
     * The role's version, compared against the trusted one to refuse rollbacks.
     *
     * @return the {@code version}, at least 1
     */
    public long version() {
        return metadata.version();
    }

    /**
     * What this timestamp says of the current snapshot.
     *
     * @return the {@value #SNAPSHOT_JSON} entry: its version, and length and hashes if listed
     */
    public MetaFile snapshotMeta() {
        return snapshotMeta;
    }
}
