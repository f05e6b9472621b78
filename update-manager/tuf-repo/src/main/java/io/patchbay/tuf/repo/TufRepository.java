package io.patchbay.tuf.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.DelegatedRole;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.api.model.PushKeys;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.api.StrictJson;
import io.patchbay.tuf.repo.impl.BundleManifest;
import io.patchbay.tuf.repo.impl.FileDigests;
import io.patchbay.tuf.repo.impl.MetadataEdits;
import io.patchbay.tuf.repo.impl.Publisher;
import io.patchbay.tuf.repo.impl.RepositoryLayout;
import io.patchbay.tuf.repo.impl.StatusReport;
import io.patchbay.tuf.repo.impl.TargetPaths;
import io.patchbay.tuf.repo.impl.WorkingSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A TUF repository on disk: {@code DIR/metadata} and {@code DIR/targets} are static files for any HTTP
 * server. Edits (targets, delegations, key rotations, location changes) accumulate in memory;
 * {@link #publish()} signs the changed roles with the key ring, writes new snapshot and timestamp versions
 * and the changed roles, or stages them under {@code DIR/staged} while a threshold is not met yet.
 *
 * <p>Not thread-safe; one operator process at a time per directory.
 */
public final class TufRepository {

    public static final Set<String> TOP_LEVEL_ROLES =
            Set.of(Metadata.ROOT, Metadata.TARGETS, Metadata.SNAPSHOT, Metadata.TIMESTAMP);

    private final WorkingSet ws;
    private final KeyRing ring;
    private final List<KeyRing> moreRings = new ArrayList<>();
    private boolean forceSnapshot;

    private TufRepository(WorkingSet ws, KeyRing ring) {
        this.ws = ws;
        this.ring = ring;
    }

    /**
     * Starts a new repository in {@code dir}: root v1 listing every key the ring holds for each top-level
     * role, and an empty targets v1. Call {@link #publish()} to write it (with snapshot v1 and timestamp v1).
     *
     * @throws RepositoryException if {@code dir} already holds a repository, or a role lacks keys
     */
    public static TufRepository init(Path dir, KeyRing ring, InitOptions options, Clock clock) {
        RepositoryLayout layout = new RepositoryLayout(dir);
        if (layout.isInitialised() || !layout.stagedRoles().isEmpty()) {
            throw new RepositoryException(dir + " already holds a TUF repository");
        }
        Map<String, List<TufKey>> keys = new LinkedHashMap<>();
        for (String role : InitOptions.ROLES) {
            List<TufKey> roleKeys = ring.publicKeys(role);
            int privateKeys = ring.signers(role).size();
            if (roleKeys.isEmpty()) {
                throw new RepositoryException("the key ring " + ring.dir() + " has no keys for role '" + role
                        + "'; generate them with keygen --role " + role);
            }
            if (privateKeys < options.threshold(role)) {
                throw new RepositoryException("role '" + role + "' has threshold " + options.threshold(role)
                        + " but the key ring holds only " + privateKeys + " private key(s) for it");
            }
            keys.put(role, roleKeys);
        }
        WorkingSet ws = WorkingSet.empty(layout, clock, options.expiry());
        ObjectNode rootSigned = MetadataEdits.newRoot(keys, options.thresholds(), options.consistentSnapshot(),
                clock.instant());
        options.location().ifPresent(location -> location.writeTo(rootSigned));
        ws.create(Metadata.ROOT, Metadata.of(rootSigned));
        ws.create(Metadata.TARGETS, Metadata.of(MetadataEdits.newTargets(clock.instant())));
        return new TufRepository(ws, ring);
    }

    /** Opens the repository in {@code dir} (published metadata plus anything staged). */
    public static TufRepository open(Path dir, KeyRing ring, Clock clock) {
        return new TufRepository(WorkingSet.load(new RepositoryLayout(dir), clock, ExpiryPolicy.defaults()), ring);
    }

    /**
     * Signs with {@code other}'s keys too: for a server that keeps its root key apart from the online keys,
     * so that a root rotation is signed by the root key and its timestamp by the online key in one publication.
     */
    public TufRepository alsoSigningWith(KeyRing other) {
        moreRings.add(java.util.Objects.requireNonNull(other, "other"));
        return this;
    }

    /** Lifetimes for the versions this instance creates from now on. */
    public TufRepository withExpiry(ExpiryPolicy policy) {
        ws.setExpiry(policy);
        return this;
    }

    public Path dir() {
        return ws.layout().dir();
    }

    /**
     * Adds (or replaces) a target: copies the file into targets/ (as HASH.name for each of its sha256 and
     * sha512 hashes under consistent snapshots) and lists length, hashes and, for a bundle jar,
     * {@code custom.bundle} {symbolic_name, version} from its manifest.
     *
     * @param role "targets" or a delegated role that is trusted for {@code targetPath}
     * @return the target as listed
     */
    public TargetFile addTarget(Path file, String targetPath, String role) {
        TargetPaths.check(targetPath);
        if (!Files.isRegularFile(file)) {
            throw new RepositoryException("target file " + file + " does not exist or is not a regular file");
        }
        String owner = role == null ? Metadata.TARGETS : role;
        checkTrustedFor(owner, targetPath);
        JsonNode custom = null;
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")) {
            BundleManifest bundle = BundleManifest.read(file).orElseThrow(() -> new RepositoryException(
                    file + " is not an OSGi bundle (its manifest has no Bundle-SymbolicName)"));
            ObjectNode node = StrictJson.object();
            node.putObject("bundle").put("symbolic_name", bundle.symbolicName()).put("version", bundle.version());
            custom = node;
        }
        FileDigests digests = FileDigests.of(file);
        TargetFile target = new TargetFile(targetPath, digests.length(), digests.hashes(), custom);
        if (ws.root().consistentSnapshot()) {
            for (String hash : digests.hashes().values()) {
                ws.layout().writeTarget(ws.layout().targetFile(targetPath, hash), file);
            }
        } else {
            ws.layout().writeTarget(ws.layout().targetFile(targetPath, null), file);
        }
        putTarget(owner, target);
        return target;
    }

    /** Lists a target whose bytes are served from elsewhere (metadata only; no file is copied). */
    public void putTarget(String role, TargetFile target) {
        TargetPaths.check(target.path());
        checkTrustedFor(role, target.path());
        ws.edit(role).signed().with("targets").set(target.path(), target.toJson());
    }

    /** @throws RepositoryException if the role does not list {@code targetPath} */
    public void removeTarget(String targetPath, String role) {
        String owner = role == null ? Metadata.TARGETS : role;
        if (!ws.current(owner).signed().path("targets").has(targetPath)) {
            throw new RepositoryException("role '" + owner + "' lists no target '" + targetPath + "'");
        }
        ((ObjectNode) ws.edit(owner).signed().get("targets")).remove(targetPath);
    }

    /** A role may only list paths that every delegation on its chain from "targets" trusts it for. */
    private void checkTrustedFor(String role, String targetPath) {
        if (!ws.hasTargetsRole(role)) {
            throw new RepositoryException("no targets role '" + role + "' in this repository");
        }
        String current = role;
        while (!Metadata.TARGETS.equals(current)) {
            Map.Entry<String, DelegatedRole> delegation = ws.delegatorOf(current).orElseThrow(
                    () -> new RepositoryException("role is not delegated from targets"));
            if (!delegation.getValue().isTrustedFor(targetPath)) {
                throw new RepositoryException("role '" + current + "' is not trusted for '" + targetPath
                        + "' by its delegation from '" + delegation.getKey() + "'");
            }
            current = delegation.getKey();
        }
    }

    /** Delegates (or re-delegates, replacing keys, threshold and paths) a role; a new role starts empty at v1. */
    public void delegate(DelegationSpec spec) {
        if (!ws.hasTargetsRole(spec.delegator())) {
            throw new RepositoryException("no targets role '" + spec.delegator() + "' to delegate from");
        }
        Optional<Map.Entry<String, DelegatedRole>> existing = ws.delegatorOf(spec.name());
        if (existing.isPresent() && !existing.get().getKey().equals(spec.delegator())) {
            throw new RepositoryException("'" + spec.name() + "' is already delegated by '" + existing.get().getKey() + "'");
        }
        if (isAncestorOrSelf(spec.name(), spec.delegator())) {
            throw new RepositoryException("delegating '" + spec.name() + "' from '" + spec.delegator() + "' makes a cycle");
        }
        MetadataEdits.upsertDelegation(ws.edit(spec.delegator()).signed(), spec);
        if (ws.hasTargetsRole(spec.name())) {
            ws.edit(spec.name());
        } else {
            ws.create(spec.name(), Metadata.of(MetadataEdits.newTargets(ws.clock().instant())));
        }
    }

    private boolean isAncestorOrSelf(String candidate, String role) {
        for (String current = role; current != null; ) {
            if (current.equals(candidate)) {
                return true;
            }
            current = ws.delegatorOf(current).map(Map.Entry::getKey).orElse(null);
        }
        return false;
    }

    /**
     * Changes the keys of a role. For a top-level role (including root itself) this is a root rotation:
     * root version N+1, which {@link #publish()} signs with the ring's keys of root N and of root N+1. The
     * rotated role is re-signed with its new keys. For a delegated role its delegator changes.
     *
     * @param threshold the new threshold, or null to keep it
     */
    public void rotateKeys(String role, List<TufKey> add, List<String> removeKeyIds, Integer threshold) {
        if (TOP_LEVEL_ROLES.contains(role)) {
            ObjectNode signed = ws.edit(Metadata.ROOT).signed();
            ObjectNode roles = (ObjectNode) signed.get("roles");
            List<JsonNode> roleNodes = new ArrayList<>();
            roles.forEach(roleNodes::add);
            MetadataEdits.changeRoleKeys((ObjectNode) roles.get(role), (ObjectNode) signed.get("keys"), add,
                    removeKeyIds, threshold, role, roleNodes);
            if (Metadata.TARGETS.equals(role)) {
                ws.edit(Metadata.TARGETS);
            }
            return;
        }
        Map.Entry<String, DelegatedRole> delegation = ws.delegatorOf(role)
                .orElseThrow(() -> new RepositoryException("no role '" + role + "' to rotate keys of"));
        ObjectNode delegatorSigned = ws.edit(delegation.getKey()).signed();
        ObjectNode delegations = (ObjectNode) delegatorSigned.get("delegations");
        List<JsonNode> roleNodes = new ArrayList<>();
        delegations.get("roles").forEach(roleNodes::add);
        MetadataEdits.changeRoleKeys(MetadataEdits.delegationEntry(delegatorSigned, role),
                (ObjectNode) delegations.get("keys"), add, removeKeyIds, threshold, role, roleNodes);
        ws.edit(role);
    }

    /** Moves the trusted location (and its TLS pins) by a root rotation. */
    public void setLocation(TrustedLocation location) {
        location.writeTo(ws.edit(Metadata.ROOT).signed());
    }

    /**
     * Replaces the push keys (the {@value PushKeys#FIELD} extension) by a root rotation; an empty list removes
     * them, which makes every client refuse every push.
     */
    public void setPushKeys(List<String> keys) {
        ObjectNode signed = ws.edit(Metadata.ROOT).signed();
        if (keys.isEmpty()) {
            signed.remove(PushKeys.FIELD);
        } else {
            PushKeys.writeTo(signed, keys);
        }
    }

    /** The push keys the current root lists. */
    public List<String> pushKeys() {
        return ws.root().pushKeys();
    }

    /** Replaces the TLS pins by a root rotation; root must already carry a location. */
    public void setTlsPins(List<String> pins) {
        TrustedLocation old = ws.root().location().orElseThrow(() -> new RepositoryException(
                "root has no " + TrustedLocation.LOCATION_FIELD + "; set the location (metadata and targets URL) first"));
        setLocation(new TrustedLocation(old.metadataUrl(), old.targetsUrl(), pins));
    }

    /**
     * A new version of {@code role} with the same content and a renewed expiry (re-signing). For snapshot
     * the next publication writes a new snapshot; timestamp is new on every publication anyway.
     */
    public void touch(String role) {
        switch (role) {
            case Metadata.SNAPSHOT -> forceSnapshot = true;
            case Metadata.TIMESTAMP -> { }
            default -> {
                if (!ws.isChanged(role)) {
                    ws.edit(role);
                }
            }
        }
    }

    /**
     * Adds the ring's signatures to staged roles; a role with nothing staged gets a fresh version first
     * (re-signing). Then publishes if every threshold is met.
     */
    public PublishResult sign(String role) {
        touch(role);
        return publish();
    }

    /** Signs what changed and publishes it with a new snapshot (when needed) and timestamp; or stages it. */
    public PublishResult publish() {
        Map<String, TufSigner> signers = new LinkedHashMap<>(ring.allSigners());
        moreRings.forEach(more -> signers.putAll(more.allSigners()));
        PublishResult result = new Publisher(ws, signers).publish(forceSnapshot);
        if (result.isPublished()) {
            forceSnapshot = false;
        }
        return result;
    }

    /** The trusted location the current root names, if any. */
    public Optional<TrustedLocation> location() {
        return ws.root().location();
    }

    /** Roles, versions, expiries, keys and signature counts, as lines for people. */
    public List<String> status() {
        return new StatusReport(ws).lines();
    }
}
