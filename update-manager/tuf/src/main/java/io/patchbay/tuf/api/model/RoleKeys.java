package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.StrictJson;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which keys may sign a role and how many must: {@code {"keyids": [...], "threshold": n}}.
 *
 * @param keyIds    distinct key ids, in metadata order
 * @param threshold at least 1
 */
public record RoleKeys(List<String> keyIds, int threshold) {

    /**
     * Checks the threshold and that no key id repeats (a repeated id could count one key twice).
     *
     * @param keyIds    the key ids; copied
     * @param threshold at least 1
     * @throws io.patchbay.tuf.api.MalformedMetadataException if the threshold is below 1 or a key id repeats
     */
    public RoleKeys {
        keyIds = List.copyOf(keyIds);
        if (threshold < 1) {
            throw new MalformedMetadataException("threshold must be at least 1, got " + threshold);
        }
        if (new LinkedHashSet<>(keyIds).size() != keyIds.size()) {
            throw new MalformedMetadataException("keyids must not repeat: " + keyIds);
        }
    }

    static RoleKeys fromJson(JsonNode node, String where) {
        List<String> keyIds = Fields.textListOrNull(node, "keyids", where);
        if (keyIds == null) {
            throw new MalformedMetadataException(where + ": 'keyids' missing");
        }
        long threshold = Fields.integer(node, "threshold", where, 1);
        if (threshold > Integer.MAX_VALUE) {
            throw new MalformedMetadataException(where + ": threshold " + threshold + " is absurd");
        }
        try {
            return new RoleKeys(keyIds, (int) threshold);
        } catch (MalformedMetadataException e) {
            throw new MalformedMetadataException(where + ": " + e.getMessage());
        }
    }

    /**
     * Writes keyids and threshold into {@code target} (other fields of it are left alone), for repository tooling.
     *
     * @param target a role object of root or of a delegation
     * @return {@code target}, for chaining
     */
    public ObjectNode writeTo(ObjectNode target) {
        var array = target.putArray("keyids");
        keyIds.forEach(array::add);
        target.put("threshold", threshold);
        return target;
    }

    /**
     * The role object as root writes it.
     *
     * @return a new {@code {"keyids", "threshold"}} object
     */
    public ObjectNode toJson() {
        return writeTo(StrictJson.object());
    }

    @Override
    public boolean equals(Object o) {
    // Written out (not the record's generated methods): those bootstrap through java.lang.invoke on
    // first use, which a one-shot client call paid for at start-up.
        return o instanceof RoleKeys r && threshold == r.threshold && keyIds.equals(r.keyIds);
    }

    @Override
    public int hashCode() {
        return keyIds.hashCode() * 31 + threshold;
    }
}
