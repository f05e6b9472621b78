package io.patchbay.tuf.api.model;

import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.Metadata;
import java.util.Map;

/** The timestamp role: the current snapshot version (and optionally its length and hashes). */
public final class Timestamp {

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

    public static Timestamp of(Metadata metadata) {
        return new Timestamp(metadata);
    }

    public Metadata metadata() {
        return metadata;
    }

    public long version() {
        return metadata.version();
    }

    public MetaFile snapshotMeta() {
        return snapshotMeta;
    }
}
