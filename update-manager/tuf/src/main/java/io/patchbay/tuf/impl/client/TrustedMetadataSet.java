package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.impl.crypto.Signatures;
import io.patchbay.tuf.api.BadVersionException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RollbackAttackException;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.MetaFile;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Snapshot;
import io.patchbay.tuf.api.model.Targets;
import io.patchbay.tuf.api.model.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification rules of the detailed client workflow (spec 5.2–5.6), without any I/O: each update
 * method accepts bytes, checks them against what is already trusted, and only then makes them trusted.
 *
 * <p>Like python-tuf, local (previously trusted) timestamp and snapshot are loaded first with the expiry
 * and "matches the referring version" checks deferred, so that they still serve as the baseline of the
 * rollback checks for the new ones. The final checks then apply to whatever ended up trusted.
 */
final class TrustedMetadataSet {

    private final Instant now;
    private final VerifiedRoles verifiedRoles;
    private Root root;
    private Timestamp timestamp;
    /** The bytes of the local timestamp verified against {@link #root} (root cannot change afterwards). */
    private byte[] localTimestampBytes;
    private Snapshot snapshot;
    /**
     * Targets roles verified in this refresh, by role name AND the keys and threshold they were verified
     * with: a role that two delegators name (a "diamond") is trusted only under the delegation it was
     * checked against, never under the other one's keys.
     */
    private final Map<Delegator, Targets> targets = new HashMap<>();

    /** One delegation of a targets role: which keys may sign it and how many must. */
    record Delegator(String roleName, Map<String, TufKey> keys, RoleKeys roleKeys) {
        Delegator {
            keys = Map.copyOf(keys);
        }

        @Override
        public boolean equals(Object o) {
        // Written out (not the record's generated methods): those bootstrap through java.lang.invoke on
        // first use, which a one-shot client call paid for at start-up.
            return o instanceof Delegator d && roleName.equals(d.roleName) && keys.equals(d.keys)
                    && roleKeys.equals(d.roleKeys);
        }

        @Override
        public int hashCode() {
            return (roleName.hashCode() * 31 + keys.hashCode()) * 31 + roleKeys.hashCode();
        }
    }

    /** 5.2: the local root is trusted as shipped, but it must still be signed by its own threshold. */
    TrustedMetadataSet(byte[] trustedRoot, Instant now, VerifiedRoles verifiedRoles) {
        this.now = Objects.requireNonNull(now);
        this.verifiedRoles = Objects.requireNonNull(verifiedRoles);
        Metadata.Parsed parsed = MetadataChecks.parse(trustedRoot, Metadata.ROOT, "trusted root.json");
        Metadata metadata = parsed.metadata();
        Root candidate = Root.of(metadata);
        Signatures.verifyRole(candidate, Metadata.ROOT, parsed);
        this.root = candidate;
    }

    Instant now() {
        return now;
    }

    Root root() {
        return root;
    }

    Optional<Timestamp> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    Optional<Snapshot> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** The role as verified with exactly these delegating keys and threshold in this refresh, if it was. */
    Optional<Targets> targets(String roleName, Map<String, TufKey> keys, RoleKeys roleKeys) {
        return Optional.ofNullable(targets.get(new Delegator(roleName, keys, roleKeys)));
    }

    /** Whether any targets role was verified in this refresh (snapshot is frozen from then on). */
    private boolean anyTargetsTrusted() {
        return !targets.isEmpty();
    }

    /** 5.3.4–5.3.8: a new root must be signed by the old and the new root keys and be exactly version N+1. */
    Root updateRoot(byte[] data, String what) {
        if (timestamp != null) {
            throw new IllegalStateException("root cannot change after timestamp was loaded");
        }
        Metadata.Parsed parsed = MetadataChecks.parse(data, Metadata.ROOT, what);
        Metadata metadata = parsed.metadata();
        Root candidate = Root.of(metadata);
        try {
            Signatures.verifyRole(root, Metadata.ROOT, parsed);
        } catch (io.patchbay.tuf.api.SignatureThresholdException e) {
            throw new io.patchbay.tuf.api.SignatureThresholdException(what + " is not signed by a threshold of the"
                    + " trusted root v" + root.version() + " keys: " + e.getMessage());
        }
        if (candidate.version() != root.version() + 1) {
            throw new BadVersionException(what + " has version " + candidate.version() + ", expected "
                    + (root.version() + 1) + " (trusted root is v" + root.version() + ")");
        }
        try {
            Signatures.verifyRole(candidate, Metadata.ROOT, parsed);
        } catch (io.patchbay.tuf.api.SignatureThresholdException e) {
            throw new io.patchbay.tuf.api.SignatureThresholdException(what + " is not signed by a threshold of its"
                    + " own root keys: " + e.getMessage());
        }
        root = candidate;
        return candidate;
    }

    /** 5.3.10: the final root must not be expired. */
    void requireRootNotExpired() {
        MetadataChecks.requireNotExpired(root.metadata(), Metadata.ROOT, now);
    }

    /**
     * A previously persisted timestamp: verified against the current root, but neither expiry nor
     * rollback is checked (it is the baseline for the rollback checks of the new one).
     */
    void loadLocalTimestamp(byte[] data) {
        Metadata.Parsed parsed = MetadataChecks.parse(data, Metadata.TIMESTAMP, "local timestamp.json");
        Metadata metadata = parsed.metadata();
        Signatures.verifyRole(root, Metadata.TIMESTAMP, parsed);
        timestamp = Timestamp.of(metadata);
        localTimestampBytes = data;
    }

    /**
     * 5.4.1–5.4.4. A lower version than the trusted one is a rollback; an equal version keeps the trusted
     * one (and returns false); a lower snapshot version is a rollback.
     *
     * @return true if the new timestamp replaced the trusted one
     */
    boolean updateTimestamp(byte[] data) {
        requireRootNotExpired();
        if (timestamp != null && Arrays.equals(data, localTimestampBytes)) {
            // The very bytes just verified against this root as the local timestamp: same signatures, same
            // version, so the outcome is that of an equal version (keep the trusted one, check its expiry).
            requireTimestampNotExpired();
            return false;
        }
        Metadata.Parsed parsed = MetadataChecks.parse(data, Metadata.TIMESTAMP, "timestamp.json");
        Metadata metadata = parsed.metadata();
        Signatures.verifyRole(root, Metadata.TIMESTAMP, parsed);
        Timestamp candidate = Timestamp.of(metadata);
        if (timestamp != null) {
            if (candidate.version() < timestamp.version()) {
                throw new RollbackAttackException("timestamp version went back from " + timestamp.version()
                        + " to " + candidate.version());
            }
            if (candidate.version() == timestamp.version()) {
                requireTimestampNotExpired();
                return false;
            }
            long trustedSnapshot = timestamp.snapshotMeta().version();
            if (candidate.snapshotMeta().version() < trustedSnapshot) {
                throw new RollbackAttackException("timestamp v" + candidate.version() + " names snapshot version "
                        + candidate.snapshotMeta().version() + ", lower than the trusted " + trustedSnapshot);
            }
        }
        MetadataChecks.requireNotExpired(metadata, Metadata.TIMESTAMP, now);
        timestamp = candidate;
        return true;
    }

    void requireTimestampNotExpired() {
        MetadataChecks.requireNotExpired(requireTimestamp().metadata(), Metadata.TIMESTAMP, now);
    }

    private Timestamp requireTimestamp() {
        if (timestamp == null) {
            throw new IllegalStateException("timestamp must be trusted before snapshot");
        }
        return timestamp;
    }

    /**
     * 5.5.1–5.5.5. A downloaded snapshot must match the hashes/length timestamp lists before anything else.
     * A {@code local} one (from our own store) is first made the rollback baseline and only then held to
     * the final checks (version named by timestamp, hashes, expiry): when it fails them, the caller
     * downloads the new snapshot, which is then compared against it.
     */
    Snapshot updateSnapshot(byte[] data, boolean local) {
        Timestamp ts = requireTimestamp();
        requireTimestampNotExpired();
        if (anyTargetsTrusted()) {
            throw new IllegalStateException("snapshot cannot change after targets was loaded");
        }
        MetaFile expected = ts.snapshotMeta();
        String what = (local ? "local " : "") + "snapshot.json (timestamp v" + ts.version() + " names v"
                + expected.version() + ")";
        if (!local) {
            Hashes.verify(data, expected.length(), expected.hashes(), what);
        }
        Metadata.Parsed parsed = MetadataChecks.parse(data, Metadata.SNAPSHOT, what);
        Metadata metadata = parsed.metadata();
        Signatures.verifyRole(root, Metadata.SNAPSHOT, parsed);
        Snapshot candidate = Snapshot.of(metadata);
        if (snapshot != null) {
            requireNoRollback(snapshot, candidate);
        }
        snapshot = candidate;
        if (candidate.version() != expected.version()) {
            throw new BadVersionException(what + " has version " + candidate.version());
        }
        if (local) {
            Hashes.verify(data, expected.length(), expected.hashes(), what);
        }
        MetadataChecks.requireNotExpired(metadata, Metadata.SNAPSHOT, now);
        return candidate;
    }

    private static void requireNoRollback(Snapshot trusted, Snapshot candidate) {
        for (Map.Entry<String, MetaFile> old : trusted.meta().entrySet()) {
            MetaFile now = candidate.meta().get(old.getKey());
            if (now == null) {
                throw new RollbackAttackException("snapshot v" + candidate.version() + " no longer lists "
                        + old.getKey() + " (trusted snapshot v" + trusted.version() + " lists version "
                        + old.getValue().version() + ")");
            }
            if (now.version() < old.getValue().version()) {
                throw new RollbackAttackException("snapshot v" + candidate.version() + " lists " + old.getKey()
                        + " version " + now.version() + ", lower than trusted " + old.getValue().version());
            }
        }
    }

    /** The snapshot entry for {@code roleName}; a role missing from snapshot cannot be trusted. */
    MetaFile snapshotMetaFor(String roleName) {
        Snapshot trusted = requireFinalSnapshot();
        Optional<MetaFile> meta = trusted.metaFor(roleName);
        if (meta.isEmpty()) {
            throw new BadVersionException("snapshot v" + trusted.version() + " lists no version for role '"
                    + roleName + "' (" + roleName + ".json)");
        }
        return meta.get();
    }

    private Snapshot requireFinalSnapshot() {
        if (snapshot == null || snapshot.version() != requireTimestamp().snapshotMeta().version()) {
            throw new IllegalStateException("snapshot must be trusted before targets");
        }
        return snapshot;
    }

    /**
     * 5.6.1–5.6.4 for the top-level targets role (delegator "root") or a delegated role.
     *
     * @param keys      the keys the delegator lists for this role
     * @param roleKeys  the key ids and threshold the delegator sets for this role
     * @param local     the bytes come from our own store (only changes the messages: all checks apply)
     */
    Targets updateTargets(String roleName, Map<String, TufKey> keys, RoleKeys roleKeys, byte[] data, boolean local) {
        MetaFile expected = snapshotMetaFor(roleName);
        MetadataChecks.requireNotExpired(snapshot.metadata(), Metadata.SNAPSHOT, now);
        String what = (local ? "local " : "") + roleName + ".json (snapshot v" + snapshot.version() + " names v"
                + expected.version() + ")";
        Hashes.verify(data, expected.length(), expected.hashes(), what);
        Metadata metadata = verifiedRoles.lookup(roleName, data, keys, roleKeys);
        if (metadata == null) {
            Metadata.Parsed parsed = MetadataChecks.parse(data, Metadata.TARGETS, what);
            metadata = parsed.metadata();
            Signatures.verifyThreshold(parsed, roleName, keys, roleKeys);
            verifiedRoles.remember(roleName, data, keys, roleKeys, metadata);
        }
        if (metadata.version() != expected.version()) {
            throw new BadVersionException(what + " has version " + metadata.version());
        }
        MetadataChecks.requireNotExpired(metadata, roleName, now);
        Targets candidate = Targets.of(metadata);
        targets.put(new Delegator(roleName, keys, roleKeys), candidate);
        return candidate;
    }
}
