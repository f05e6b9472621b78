package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.Metadata;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One delegation: which role, signed by which keys, trusted for which target paths.
 *
 * @param name             the delegated role's name (its file is {@code name.json}); not a top-level role's name
 * @param roleKeys         the keys that may sign it and its threshold
 * @param terminating      if true and the role is trusted for a path, the search goes no further than it
 * @param paths            glob patterns (null when {@code pathHashPrefixes} is used)
 * @param pathHashPrefixes hex prefixes of SHA-256(target path) (null when {@code paths} is used)
 */
public record DelegatedRole(String name, RoleKeys roleKeys, boolean terminating, List<String> paths,
                            List<String> pathHashPrefixes) {

    /**
     * Checks the delegation and copies the lists.
     *
     * @param name             the role's name; not null
     * @param roleKeys         its keys and threshold; not null
     * @param terminating      whether the search stops at it
     * @param paths            glob patterns, or null
     * @param pathHashPrefixes hex path-hash prefixes, or null
     * @throws io.patchbay.tuf.api.MalformedMetadataException unless exactly one of {@code paths} and
     *         {@code pathHashPrefixes} is given, or if the name is a top-level role's
     */
    public DelegatedRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roleKeys, "roleKeys");
        if ((paths == null) == (pathHashPrefixes == null)) {
            throw new MalformedMetadataException("delegated role '" + name
                    + "' must have exactly one of 'paths' and 'path_hash_prefixes'");
        }
        paths = paths == null ? null : List.copyOf(paths);
        pathHashPrefixes = pathHashPrefixes == null ? null : List.copyOf(pathHashPrefixes);
        if (isTopLevelName(name)) {
            throw new MalformedMetadataException("a delegated role cannot be named '" + name + "'");
        }
    }

    private static boolean isTopLevelName(String name) {
        return name.equals(Metadata.ROOT) || name.equals(Metadata.TIMESTAMP)
                || name.equals(Metadata.SNAPSHOT) || name.equals(Metadata.TARGETS);
    }

    static DelegatedRole fromJson(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new MalformedMetadataException(where + ": each role must be an object");
        }
        String name = Fields.text(node, "name", where);
        String roleWhere = where + " role '" + name + "'";
        RoleKeys keys = RoleKeys.fromJson(node, roleWhere);
        // Required by the spec: a missing flag must not silently mean "not terminating" (which widens trust).
        boolean terminating = Fields.requiredBool(node, "terminating", roleWhere);
        return new DelegatedRole(name, keys, terminating, Fields.textListOrNull(node, "paths", roleWhere),
                Fields.textListOrNull(node, "path_hash_prefixes", roleWhere));
    }

    /**
     * Whether this role is trusted for {@code targetPath}.
     *
     * @param targetPath the target's path
     * @return true if a pattern matches it ({@link PathPattern}) or its SHA-256 starts with a prefix
     * @throws IllegalArgumentException if the path holds an unpaired surrogate (it has no UTF-8 form, so no
     *                                  path hash; Java's encoder would hash it as '?', i.e. another path)
     */
    public boolean isTrustedFor(String targetPath) {
        if (paths != null) {
            for (String pattern : paths) {
                if (PathPattern.matches(pattern, targetPath)) {
                    return true;
                }
            }
            return false;
        }
        String hash = sha256Hex(targetPath);
        for (String prefix : pathHashPrefixes) {
            if (hash.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The last target path hashed, with its SHA-256 in hex: a lookup asks each hash-bin role about the same path. */
    private record PathHash(String path, String hex) {
    }

    private static volatile PathHash lastHashed;

    private static String sha256Hex(String path) {
        PathHash last = lastHashed;
        if (last != null && last.path().equals(path)) {
            return last.hex();
        }
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PathPattern.utf8(path)));
            lastHashed = new PathHash(path, hex);
            return hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
