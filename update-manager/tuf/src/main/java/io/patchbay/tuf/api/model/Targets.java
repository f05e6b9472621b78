package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.api.Metadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The top-level targets role or a delegated targets role (both have {@code _type} "targets"). */
public final class Targets {

    private final Metadata metadata;
    private final Map<String, TargetFile> targets;
    private final Delegations delegations;

    private Targets(Metadata metadata) {
        Views.requireType(metadata, Metadata.TARGETS);
        this.metadata = metadata;
        String where = "targets v" + metadata.version();
        JsonNode signed = metadata.signed();
        Map<String, TargetFile> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : Fields.object(signed, "targets", where).properties()) {
            map.put(entry.getKey(), TargetFile.fromJson(entry.getKey(), entry.getValue()));
        }
        this.targets = Collections.unmodifiableMap(map);
        JsonNode delegationsNode = signed.get("delegations");
        this.delegations = delegationsNode == null || delegationsNode.isNull()
                ? null : Delegations.fromJson(delegationsNode, where + " delegations");
    }

    public static Targets of(Metadata metadata) {
        return new Targets(metadata);
    }

    public Metadata metadata() {
        return metadata;
    }

    public long version() {
        return metadata.version();
    }

    /** Keyed by TARGETPATH. */
    public Map<String, TargetFile> targets() {
        return targets;
    }

    public Optional<TargetFile> target(String path) {
        return Optional.ofNullable(targets.get(path));
    }

    public Optional<Delegations> delegations() {
        return Optional.ofNullable(delegations);
    }
}
