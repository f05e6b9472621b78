package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.TufKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A targets role's delegations: the keys of the delegated roles and the roles in priority order.
 *
 * @param keys  key id to key, used to verify the delegated roles
 * @param roles in the order the delegating role lists them (the search order)
 */
public record Delegations(Map<String, TufKey> keys, List<DelegatedRole> roles) {

    /**
     * Copies both collections.
     *
     * @param keys  key id to key; not null
     * @param roles the delegated roles in search order; not null
     */
    public Delegations {
        keys = Map.copyOf(keys);
        roles = List.copyOf(roles);
    }

    static Delegations fromJson(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new MalformedMetadataException(where + " must be an object");
        }
        Map<String, TufKey> keys = Views.keys(Fields.object(node, "keys", where), where);
        if (node.has("succinct_roles")) {
            throw new MalformedMetadataException(where + ": 'succinct_roles' (TAP 15) is not supported");
        }
        JsonNode rolesNode = node.get("roles");
        if (rolesNode == null || !rolesNode.isArray()) {
            throw new MalformedMetadataException(where + ": 'roles' missing or not a list");
        }
        List<DelegatedRole> roles = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode roleNode : rolesNode) {
            DelegatedRole role = DelegatedRole.fromJson(roleNode, where);
            if (!names.add(role.name())) {
                throw new MalformedMetadataException(where + ": role '" + role.name() + "' delegated twice");
            }
            roles.add(role);
        }
        return new Delegations(keys, roles);
    }

    /**
     * The keys that may sign a delegated role, for counting its threshold.
     *
     * @param role one of {@link #roles()}
     * @return the subset of {@link #keys()} that {@code role} lists, in its order (ids without a key entry
     *         are skipped); a new map
     */
    public Map<String, TufKey> keysOf(DelegatedRole role) {
        Map<String, TufKey> result = new java.util.LinkedHashMap<>();
        for (String keyId : role.roleKeys().keyIds()) {
            TufKey key = keys.get(keyId);
            if (key != null) {
                result.put(keyId, key);
            }
        }
        return result;
    }
}
