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

    /**
     * A view of snapshot metadata. Only its shape is checked: signatures, versions and expiry are the updater's
     * checks.
     *
     * @param metadata parsed metadata of {@code _type} snapshot
     * @return the view
     * @throws io.patchbay.tuf.api.RepositoryMismatchException if {@code _type} is not snapshot
     * @throws io.patchbay.tuf.api.MalformedMetadataException  if {@code meta} is missing or an entry is malformed
     */
    public static Snapshot of(Metadata metadata) {
        return new Snapshot(metadata);
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
     * What this snapshot says of every targets role.
     *
     * @return file name ("targets.json", "role1.json", ...) to its entry, unmodifiable
     */
    public Map<String, MetaFile> meta() {
        return meta;
    }

    /**
     * The entry of one targets role.
     *
     * @param roleName the role name, without {@code .json}
     * @return its entry, or empty if this snapshot does not list it (then the role cannot be trusted)
     */
    public Optional<MetaFile> metaFor(String roleName) {
        return Optional.ofNullable(meta.get(roleName + ".json"));
    }
}
