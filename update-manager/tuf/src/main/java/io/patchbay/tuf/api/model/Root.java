package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The root role: the keys and thresholds of every top-level role, consistent_snapshot, trusted location. */
public final class Root {

    private final Metadata metadata;
    private final Map<String, TufKey> keys;
    private final Map<String, RoleKeys> roles;
    private final boolean consistentSnapshot;
    private final TrustedLocation location;
    private final List<String> pushKeys;

    private Root(Metadata metadata) {
        Views.requireType(metadata, Metadata.ROOT);
        this.metadata = metadata;
        String where = "root v" + metadata.version();
        JsonNode signed = metadata.signed();
        this.keys = Views.keys(Fields.object(signed, "keys", where), where);
        Map<String, RoleKeys> roleMap = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : Fields.object(signed, "roles", where).properties()) {
            roleMap.put(entry.getKey(), RoleKeys.fromJson(entry.getValue(), where + " role '" + entry.getKey() + "'"));
        }
        for (String required : new String[] {Metadata.ROOT, Metadata.TIMESTAMP, Metadata.SNAPSHOT, Metadata.TARGETS}) {
            if (!roleMap.containsKey(required)) {
                throw new MalformedMetadataException(where + ": roles lacks '" + required + "'");
            }
        }
        this.roles = Collections.unmodifiableMap(roleMap);
        this.consistentSnapshot = Fields.bool(signed, "consistent_snapshot", where, false);
        this.location = TrustedLocation.fromRootSigned(signed);
        this.pushKeys = PushKeys.fromRootSigned(signed);
    }

    /**
     * @throws io.patchbay.tuf.api.RepositoryMismatchException if {@code _type} is not root
     * @throws MalformedMetadataException if keys/roles are malformed or a top-level role is missing
     */
    public static Root of(Metadata metadata) {
        return new Root(metadata);
    }

    public Metadata metadata() {
        return metadata;
    }

    public long version() {
        return metadata.version();
    }

    public Map<String, TufKey> keys() {
        return keys;
    }

    public Map<String, RoleKeys> roles() {
        return roles;
    }

    /** One of root, timestamp, snapshot, targets (always present). */
    public RoleKeys role(String name) {
        RoleKeys role = roles.get(name);
        if (role == null) {
            throw new MalformedMetadataException("root has no role '" + name + "'");
        }
        return role;
    }

    /** The keys root lists for {@code roleName}, by key id (ids without a key entry are skipped). */
    public Map<String, TufKey> keysOf(String roleName) {
        Map<String, TufKey> result = new LinkedHashMap<>();
        for (String keyId : role(roleName).keyIds()) {
            TufKey key = keys.get(keyId);
            if (key != null) {
                result.put(keyId, key);
            }
        }
        return result;
    }

    public boolean consistentSnapshot() {
        return consistentSnapshot;
    }

    /** The x-patchbay-location / x-patchbay-tls-pins extension, if root carries it. */
    public Optional<TrustedLocation> location() {
        return Optional.ofNullable(location);
    }

    /** The {@value PushKeys#FIELD} extension: base64url Ed25519 push keys; empty when root lists none. */
    public List<String> pushKeys() {
        return pushKeys;
    }
}
