package io.patchbay.tuf.repo.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.StrictJson;
import io.patchbay.tuf.repo.DelegationSpec;
import io.patchbay.tuf.repo.RepositoryException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Edits of "signed" bodies, kept in the exact field layout of the TUF 1.0 file formats. */
public final class MetadataEdits {

    private MetadataEdits() {
    }

    public static ObjectNode newRoot(Map<String, List<TufKey>> roleKeys, Map<String, Integer> thresholds,
                                     boolean consistentSnapshot, Instant expires) {
        ObjectNode signed = header(Metadata.ROOT, expires);
        signed.put("consistent_snapshot", consistentSnapshot);
        ObjectNode keys = signed.putObject("keys");
        ObjectNode roles = signed.putObject("roles");
        roleKeys.forEach((role, list) -> {
            ObjectNode roleNode = roles.putObject(role);
            ArrayNode ids = roleNode.putArray("keyids");
            for (TufKey key : list) {
                keys.set(key.keyId(), key.toJson());
                ids.add(key.keyId());
            }
            roleNode.put("threshold", thresholds.getOrDefault(role, 1));
        });
        return signed;
    }

    public static ObjectNode newTargets(Instant expires) {
        ObjectNode signed = header(Metadata.TARGETS, expires);
        signed.putObject("targets");
        return signed;
    }

    private static ObjectNode header(String type, Instant expires) {
        ObjectNode signed = StrictJson.object();
        signed.put("_type", type);
        signed.put("spec_version", Metadata.SPEC_VERSION);
        signed.put("version", 1);
        signed.put("expires", Metadata.formatExpiry(expires));
        return signed;
    }

    /**
     * Changes the key ids (and optionally threshold) of a key-list node ({"keyids", "threshold"}) and keeps
     * the key table in sync: added keys are put in, keys no longer referenced by any role are dropped.
     */
    public static void changeRoleKeys(ObjectNode roleNode, ObjectNode keyTable, List<TufKey> add, List<String> remove,
                                      Integer threshold, String roleName, Iterable<JsonNode> allRoleNodes) {
        Set<String> ids = new LinkedHashSet<>();
        roleNode.withArray("keyids").forEach(id -> ids.add(id.textValue()));
        for (String keyId : remove) {
            if (!ids.remove(keyId)) {
                throw new RepositoryException("key " + keyId + " is not a key of role '" + roleName + "'");
            }
        }
        for (TufKey key : add) {
            if (!ids.add(key.keyId())) {
                throw new RepositoryException("key " + key.keyId() + " is already a key of role '" + roleName + "'");
            }
            keyTable.set(key.keyId(), key.toJson());
        }
        int newThreshold = threshold != null ? threshold : roleNode.path("threshold").asInt(1);
        if (ids.isEmpty() || newThreshold < 1 || newThreshold > ids.size()) {
            throw new RepositoryException("role '" + roleName + "' would have " + ids.size() + " key(s) and threshold "
                    + newThreshold + "; it needs at least one key and 1 <= threshold <= keys");
        }
        ArrayNode array = roleNode.putArray("keyids");
        ids.forEach(array::add);
        roleNode.put("threshold", newThreshold);
        pruneUnusedKeys(keyTable, allRoleNodes);
    }

    /** Drops keys that no role lists any more, so a revoked key does not linger in the key table. */
    public static void pruneUnusedKeys(ObjectNode keyTable, Iterable<JsonNode> roleNodes) {
        Set<String> used = new HashSet<>();
        for (JsonNode role : roleNodes) {
            role.path("keyids").forEach(id -> used.add(id.textValue()));
        }
        for (Iterator<String> it = keyTable.fieldNames(); it.hasNext(); ) {
            if (!used.contains(it.next())) {
                it.remove();
            }
        }
    }

    /** Adds or replaces the delegation entry for {@code spec.name()} in the delegator's signed body. */
    public static void upsertDelegation(ObjectNode delegatorSigned, DelegationSpec spec) {
        ObjectNode delegations = delegatorSigned.has("delegations") && delegatorSigned.get("delegations").isObject()
                ? (ObjectNode) delegatorSigned.get("delegations") : delegatorSigned.putObject("delegations");
        ObjectNode keys = delegations.has("keys") ? (ObjectNode) delegations.get("keys") : delegations.putObject("keys");
        ArrayNode roles = delegations.has("roles") ? (ArrayNode) delegations.get("roles") : delegations.putArray("roles");
        ObjectNode entry = StrictJson.object();
        entry.put("name", spec.name());
        ArrayNode ids = entry.putArray("keyids");
        for (TufKey key : spec.keys()) {
            if (!containsText(ids, key.keyId())) {
                ids.add(key.keyId());
            }
            keys.set(key.keyId(), key.toJson());
        }
        entry.put("threshold", spec.threshold());
        entry.put("terminating", spec.terminating());
        if (spec.paths() != null) {
            spec.paths().forEach(entry.putArray("paths")::add);
        } else {
            spec.pathHashPrefixes().forEach(entry.putArray("path_hash_prefixes")::add);
        }
        int existing = indexOf(roles, spec.name());
        if (existing >= 0) {
            roles.set(existing, entry);
        } else {
            roles.add(entry);
        }
        List<JsonNode> roleNodes = new ArrayList<>();
        roles.forEach(roleNodes::add);
        pruneUnusedKeys(keys, roleNodes);
    }

    /** The delegation entry for {@code name} in a delegator's signed body. */
    public static ObjectNode delegationEntry(ObjectNode delegatorSigned, String name) {
        ArrayNode roles = (ArrayNode) delegatorSigned.path("delegations").path("roles");
        int index = indexOf(roles, name);
        if (index < 0) {
            throw new RepositoryException("no delegation entry for '" + name + "'");
        }
        return (ObjectNode) roles.get(index);
    }

    private static int indexOf(JsonNode roles, String name) {
        for (int i = 0; i < roles.size(); i++) {
            if (name.equals(roles.get(i).path("name").asText())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean containsText(ArrayNode array, String text) {
        for (JsonNode node : array) {
            if (text.equals(node.textValue())) {
                return true;
            }
        }
        return false;
    }
}
