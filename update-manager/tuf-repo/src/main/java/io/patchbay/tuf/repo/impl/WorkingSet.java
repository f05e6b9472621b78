package io.patchbay.tuf.repo.impl;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.DelegatedRole;
import io.patchbay.tuf.api.model.Delegations;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Snapshot;
import io.patchbay.tuf.api.model.Targets;
import io.patchbay.tuf.api.model.Timestamp;
import io.patchbay.tuf.repo.ExpiryPolicy;
import io.patchbay.tuf.repo.RepositoryException;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The repository as the next publication will see it: the published metadata, overlaid with staged and
 * freshly edited role versions. Editing a role for the first time gives it version published + 1, and
 * every edit drops its signatures (they covered the old content) and renews its expiry.
 */
public final class WorkingSet {

    private final RepositoryLayout layout;
    private final Clock clock;
    private ExpiryPolicy expiry;
    private Root publishedRoot;
    private Metadata root;
    private Metadata publishedSnapshot;
    private Metadata publishedTimestamp;
    private final Map<String, Metadata> targetsRoles = new LinkedHashMap<>();
    private final Map<String, Long> publishedVersions = new HashMap<>();
    private final Map<String, byte[]> publishedBytes = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();

    private WorkingSet(RepositoryLayout layout, Clock clock, ExpiryPolicy expiry) {
        this.layout = layout;
        this.clock = clock;
        this.expiry = expiry;
    }

    /** A repository with nothing published yet (for init). */
    public static WorkingSet empty(RepositoryLayout layout, Clock clock, ExpiryPolicy expiry) {
        return new WorkingSet(layout, clock, expiry);
    }

    /** Loads the latest published metadata and any staged role versions. */
    public static WorkingSet load(RepositoryLayout layout, Clock clock, ExpiryPolicy expiry) {
        WorkingSet ws = new WorkingSet(layout, clock, expiry);
        long rootVersion = layout.latestRootVersion();
        if (rootVersion == 0) {
            throw new RepositoryException(layout.dir() + " is not a TUF repository (no metadata/N.root.json); run init first");
        }
        try {
            ws.publishedRoot = Root.of(layout.readMetadata(rootVersion + ".root.json"));
            ws.root = ws.publishedRoot.metadata();
            boolean consistent = ws.publishedRoot.consistentSnapshot();
            ws.publishedTimestamp = layout.readMetadata("timestamp.json");
            long snapshotVersion = Timestamp.of(ws.publishedTimestamp).snapshotMeta().version();
            ws.publishedSnapshot = layout.readMetadata(
                    RepositoryLayout.metadataFileName(Metadata.SNAPSHOT, snapshotVersion, consistent));
            for (var entry : Snapshot.of(ws.publishedSnapshot).meta().entrySet()) {
                String role = entry.getKey().substring(0, entry.getKey().length() - ".json".length());
                String file = RepositoryLayout.metadataFileName(role, entry.getValue().version(), consistent);
                byte[] bytes = layout.readMetadataFile(file);
                ws.targetsRoles.put(role, Metadata.parse(bytes));
                ws.publishedBytes.put(role, bytes);
                ws.publishedVersions.put(role, entry.getValue().version());
            }
        } catch (RepositoryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RepositoryException("published metadata in " + layout.metadataDir() + " is inconsistent: "
                    + e.getMessage(), e);
        }
        ws.publishedVersions.put(Metadata.ROOT, rootVersion);
        ws.loadStaged();
        return ws;
    }

    private void loadStaged() {
        for (String role : layout.stagedRoles()) {
            Metadata staged = layout.readStaged(role).orElseThrow();
            long expected = publishedVersions.getOrDefault(role, 0L) + 1;
            if (staged.version() != expected) {
                throw new RepositoryException("staged/" + role + ".json has version " + staged.version()
                        + " but the next version is " + expected + "; remove the stale staged file");
            }
            if (Metadata.ROOT.equals(role)) {
                root = staged;
            } else {
                targetsRoles.put(role, staged);
            }
            changed.add(role);
        }
    }

    public void setExpiry(ExpiryPolicy policy) {
        this.expiry = policy;
    }

    public ExpiryPolicy expiry() {
        return expiry;
    }

    public Clock clock() {
        return clock;
    }

    public RepositoryLayout layout() {
        return layout;
    }

    /** Adds a brand-new role at version 1 (init, or a new delegation). */
    public Metadata create(String role, Metadata metadata) {
        if (Metadata.ROOT.equals(role) ? root != null : targetsRoles.containsKey(role)) {
            throw new RepositoryException("role '" + role + "' exists already");
        }
        metadata.setVersion(1);
        metadata.setExpires(clock.instant().plus(expiry.lifetime(role)));
        if (Metadata.ROOT.equals(role)) {
            root = metadata;
        } else {
            targetsRoles.put(role, metadata);
        }
        changed.add(role);
        return metadata;
    }

    /** The role's next version, ready to edit (root, targets or a delegated role). */
    public Metadata edit(String role) {
        Metadata current = current(role);
        if (!changed.contains(role)) {
            current = current.copy();
            current.setVersion(current.version() + 1);
            if (Metadata.ROOT.equals(role)) {
                root = current;
            } else {
                targetsRoles.put(role, current);
            }
            changed.add(role);
        }
        current.clearSignatures();
        current.setExpires(clock.instant().plus(expiry.lifetime(role)));
        return current;
    }

    /** The current (possibly edited) metadata of root, targets or a delegated role. */
    public Metadata current(String role) {
        Metadata md = Metadata.ROOT.equals(role) ? root : targetsRoles.get(role);
        if (md == null) {
            throw new RepositoryException("no role '" + role + "' in this repository");
        }
        return md;
    }

    public boolean hasTargetsRole(String role) {
        return targetsRoles.containsKey(role);
    }

    public Map<String, Metadata> targetsRoles() {
        return targetsRoles;
    }

    public Root root() {
        return Root.of(root);
    }

    public Optional<Root> publishedRoot() {
        return Optional.ofNullable(publishedRoot);
    }

    public Optional<Metadata> publishedSnapshot() {
        return Optional.ofNullable(publishedSnapshot);
    }

    public Optional<Metadata> publishedTimestamp() {
        return Optional.ofNullable(publishedTimestamp);
    }

    public long publishedVersion(String role) {
        return publishedVersions.getOrDefault(role, 0L);
    }

    /** The bytes a snapshot entry describes: the file as published, or the new version as it will be. */
    public byte[] bytesOf(String role) {
        return changed.contains(role) ? targetsRoles.get(role).toBytes() : publishedBytes.get(role);
    }

    public Set<String> changed() {
        return changed;
    }

    public boolean isChanged(String role) {
        return changed.contains(role);
    }

    /** Marks everything as published (after a successful publication). */
    public void published(Metadata snapshot, Metadata timestamp) {
        for (String role : changed) {
            if (!Metadata.ROOT.equals(role)) {
                publishedBytes.put(role, targetsRoles.get(role).toBytes());
                publishedVersions.put(role, targetsRoles.get(role).version());
            }
        }
        if (changed.contains(Metadata.ROOT)) {
            publishedRoot = Root.of(root);
            publishedVersions.put(Metadata.ROOT, root.version());
        }
        if (snapshot != null) {
            publishedSnapshot = snapshot;
        }
        publishedTimestamp = timestamp;
        changed.clear();
    }

    /** The role that delegates to {@code role} and its delegation entry; empty for top-level roles. */
    public Optional<Map.Entry<String, DelegatedRole>> delegatorOf(String role) {
        for (var entry : targetsRoles.entrySet()) {
            Optional<Delegations> delegations = Targets.of(entry.getValue()).delegations();
            if (delegations.isEmpty()) {
                continue;
            }
            for (DelegatedRole delegated : delegations.get().roles()) {
                if (delegated.name().equals(role)) {
                    return Optional.of(Map.entry(entry.getKey(), delegated));
                }
            }
        }
        return Optional.empty();
    }

    /** Keys and threshold that must sign {@code role}, as the current (new) metadata defines them. */
    public SigningRule signingRule(String role) {
        Root r = root();
        if (r.roles().containsKey(role)) {
            return new SigningRule(r.keysOf(role), r.role(role));
        }
        Map.Entry<String, DelegatedRole> delegation = delegatorOf(role)
                .orElseThrow(() -> new RepositoryException("no role delegates to '" + role + "'"));
        Delegations delegations = Targets.of(current(delegation.getKey())).delegations().orElseThrow();
        return new SigningRule(delegations.keysOf(delegation.getValue()), delegation.getValue().roleKeys());
    }

    /** Which keys may sign a role, and how many must. */
    public record SigningRule(Map<String, TufKey> keys, RoleKeys roleKeys) {
    }
}
