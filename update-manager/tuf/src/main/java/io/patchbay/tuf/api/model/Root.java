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
     * A view of root metadata. Only its shape is checked: signatures, versions and expiry are the updater's
     * checks.
     *
     * @param metadata parsed metadata of {@code _type} root
     * @return the view
     * @throws io.patchbay.tuf.api.RepositoryMismatchException if {@code _type} is not root
     * @throws MalformedMetadataException if keys/roles are malformed, a top-level role is missing, or the
     *                                    location, TLS pins or push keys are malformed
     */
    public static Root of(Metadata metadata) {
        return new Root(metadata);
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
     * Every key root lists, for any role.
     *
     * @return key id (as listed) to key, unmodifiable, in metadata order
     */
    public Map<String, TufKey> keys() {
        return keys;
    }

    /**
     * The keys and threshold of each top-level role.
     *
     * @return role name to its keys, unmodifiable; always holds root, timestamp, snapshot and targets
     */
    public Map<String, RoleKeys> roles() {
        return roles;
    }

    /**
     * The keys and threshold of one top-level role.
     *
     * @param name one of root, timestamp, snapshot, targets (always present)
     * @return the role's keys
     * @throws MalformedMetadataException for any other name
     */
    public RoleKeys role(String name) {
        RoleKeys role = roles.get(name);
        if (role == null) {
            throw new MalformedMetadataException("root has no role '" + name + "'");
        }
        return role;
    }

    /**
     * The keys that may sign a top-level role, for counting its threshold.
     *
     * @param roleName one of root, timestamp, snapshot, targets
     * @return key id to key, in the role's order (ids without a key entry are skipped); a new map
     * @throws MalformedMetadataException for any other name
     */
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

    /**
     * Whether the repository serves version-prefixed metadata and hash-prefixed targets, so files can be
     * replaced while clients read.
     *
     * @return the {@code consistent_snapshot} flag; false when absent
     */
    public boolean consistentSnapshot() {
        return consistentSnapshot;
    }

    /**
     * Where the client fetches from, once this root is trusted.
     *
     * @return the x-patchbay-location / x-patchbay-tls-pins extension, or empty if root carries none
     */
    public Optional<TrustedLocation> location() {
        return Optional.ofNullable(location);
    }

    /**
     * The keys a client accepts pushes from.
     *
     * @return the {@value PushKeys#FIELD} extension: base64url Ed25519 push keys, unmodifiable; empty when
     *         root lists none (every push is then refused)
     */
    public List<String> pushKeys() {
        return pushKeys;
    }
}
