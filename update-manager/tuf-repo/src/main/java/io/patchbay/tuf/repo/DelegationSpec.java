package io.patchbay.tuf.repo;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufKey;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A delegation from {@code delegator} (the top-level "targets" or an already delegated role) to {@code name}.
 * Exactly one of {@code paths} (glob patterns) and {@code pathHashPrefixes} (hex prefixes of SHA-256 of
 * the target path) is non-null. Delegating an existing name again replaces its keys, threshold and paths.
 */
public record DelegationSpec(String name, String delegator, List<TufKey> keys, int threshold, boolean terminating,
                             List<String> paths, List<String> pathHashPrefixes) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");

    public DelegationSpec {
        KeyRing.checkRoleName(name);
        delegator = delegator == null ? Metadata.TARGETS : delegator;
        if (TufRepository.TOP_LEVEL_ROLES.contains(name)) {
            throw new RepositoryException("cannot delegate to the top-level role name '" + name + "'");
        }
        if (name.equals(delegator)) {
            throw new RepositoryException("role '" + name + "' cannot delegate to itself");
        }
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new RepositoryException("delegation to '" + name + "' needs at least one key");
        }
        if (threshold < 1 || threshold > keys.size()) {
            throw new RepositoryException("threshold of '" + name + "' must be between 1 and its " + keys.size()
                    + " key(s), got " + threshold);
        }
        if ((paths == null) == (pathHashPrefixes == null)) {
            throw new RepositoryException("delegation to '" + name + "' needs exactly one of paths and hash prefixes");
        }
        paths = paths == null ? null : List.copyOf(paths);
        pathHashPrefixes = pathHashPrefixes == null ? null : List.copyOf(pathHashPrefixes);
        if (paths != null && paths.isEmpty() || pathHashPrefixes != null && pathHashPrefixes.isEmpty()) {
            throw new RepositoryException("delegation to '" + name + "' lists no path pattern or hash prefix");
        }
        if (pathHashPrefixes != null) {
            for (String prefix : pathHashPrefixes) {
                if (!HEX.matcher(prefix).matches()) {
                    throw new RepositoryException("hash prefix '" + prefix + "' must be 1-64 lowercase hex digits");
                }
            }
        }
    }

    public static DelegationSpec ofPaths(String name, List<TufKey> keys, int threshold, boolean terminating,
                                         List<String> paths) {
        return new DelegationSpec(name, Metadata.TARGETS, keys, threshold, terminating, paths, null);
    }

    public static DelegationSpec ofHashPrefixes(String name, List<TufKey> keys, int threshold, boolean terminating,
                                                List<String> prefixes) {
        return new DelegationSpec(name, Metadata.TARGETS, keys, threshold, terminating, null, prefixes);
    }

    public DelegationSpec from(String newDelegator) {
        return new DelegationSpec(name, newDelegator, keys, threshold, terminating, paths, pathHashPrefixes);
    }
}
