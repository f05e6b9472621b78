package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.api.Metadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The top-level targets role or a delegated targets role (both have {@code _type} "targets").
 *
 * <p>Every target entry is validated when the view is made (a malformed entry makes the whole role
 * malformed, as before), but a {@link TargetFile} is built only for the entry looked up: a hash-bin role
 * lists hundreds of targets and a lookup needs one. Like the other views, this one reads the metadata's
 * tree, which the updater never edits after verification.
 */
public final class Targets {

    private final Metadata metadata;
    private final JsonNode targetsNode;
    private final Delegations delegations;
    private volatile Map<String, TargetFile> allTargets;

    private Targets(Metadata metadata) {
        Views.requireType(metadata, Metadata.TARGETS);
        this.metadata = metadata;
        String where = "targets v" + metadata.version();
        JsonNode signed = metadata.signed();
        this.targetsNode = Fields.object(signed, "targets", where);
        for (Map.Entry<String, JsonNode> entry : targetsNode.properties()) {
            TargetFile.validate(entry.getKey(), entry.getValue());
        }
        JsonNode delegationsNode = signed.get("delegations");
        this.delegations = delegationsNode == null || delegationsNode.isNull()
                ? null : Delegations.fromJson(delegationsNode, where + " delegations");
    }

    /**
     * A view of targets metadata. Only its shape is checked: signatures, versions and expiry are the updater's
     * checks.
     *
     * @param metadata parsed metadata of {@code _type} targets
     * @return the view
     * @throws io.patchbay.tuf.api.RepositoryMismatchException if {@code _type} is not targets
     * @throws io.patchbay.tuf.api.MalformedMetadataException  if {@code targets} is missing, or an entry or the
     *                                                         delegations are malformed
     */
    public static Targets of(Metadata metadata) {
        return new Targets(metadata);
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
     * Every target this role lists; prefer {@link #target} to look up one.
     *
     * @return TARGETPATH to target, in metadata order, unmodifiable (built on first use)
     */
    public Map<String, TargetFile> targets() {
        Map<String, TargetFile> all = allTargets;
        if (all == null) {
            Map<String, TargetFile> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : targetsNode.properties()) {
                map.put(entry.getKey(), TargetFile.fromJson(entry.getKey(), entry.getValue()));
            }
            all = Collections.unmodifiableMap(map);
            allTargets = all;
        }
        return all;
    }

    /**
     * One target this role lists (delegations are not searched: that is the updater's job).
     *
     * @param path the TARGETPATH, exactly as listed
     * @return the target, or empty if this role does not list it
     */
    public Optional<TargetFile> target(String path) {
        JsonNode entry = targetsNode.get(path);
        return entry == null ? Optional.empty() : Optional.of(TargetFile.fromJson(path, entry));
    }

    /**
     * The roles this role delegates to.
     *
     * @return the delegations, or empty when the role delegates nothing
     */
    public Optional<Delegations> delegations() {
        return Optional.ofNullable(delegations);
    }
}
