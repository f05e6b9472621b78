package io.patchbay.tuf.api.model;

import io.patchbay.tuf.api.Metadata;
import java.util.Map;
import java.util.Optional;

/** The snapshot role: the version (and optionally length/hashes) of targets.json and every delegated role. */
public final class Snapshot {

    private final Metadata metadata;
    private final Map<String, MetaFile> meta;

    private Snapshot(Metadata metadata) {
        Views.requireType(metadata, Metadata.SNAPSHOT);
        this.metadata = metadata;
        this.meta = Views.meta(metadata);
    }

    public static Snapshot of(Metadata metadata) {
        return new Snapshot(metadata);
    }

    public Metadata metadata() {
        return metadata;
    }

    public long version() {
        return metadata.version();
    }

    /** Keyed by file name: "targets.json", "role1.json", ... */
    public Map<String, MetaFile> meta() {
        return meta;
    }

    public Optional<MetaFile> metaFor(String roleName) {
        return Optional.ofNullable(meta.get(roleName + ".json"));
    }
}
