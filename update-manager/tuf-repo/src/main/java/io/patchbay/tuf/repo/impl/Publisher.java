package io.patchbay.tuf.repo.impl;

import io.patchbay.tuf.impl.crypto.Signatures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.repo.TufSigner;
import io.patchbay.tuf.api.model.MetaFile;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Snapshot;
import io.patchbay.tuf.api.StrictJson;
import io.patchbay.tuf.repo.PublishResult;
import io.patchbay.tuf.repo.RepositoryException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Signs the changed roles with the ring's keys and publishes them with a new snapshot and timestamp, or,
 * when some role still lacks signatures, stages all changed roles instead (all or nothing).
 *
 * <p>Files are written in the order a concurrent client can cope with: targets roles, snapshot, root,
 * and timestamp.json last, since it is the only unversioned entry point of a consistent-snapshot repository.
 */
public final class Publisher {

    private final WorkingSet ws;
    private final Map<String, TufSigner> ring;

    public Publisher(WorkingSet ws, Map<String, TufSigner> ringSigners) {
        this.ws = ws;
        this.ring = ringSigners;
    }

    /** @param forceSnapshot write a new snapshot even when no targets role changed */
    public PublishResult publish(boolean forceSnapshot) {
        List<String> lacking = new ArrayList<>();
        for (String role : ws.changed()) {
            signWithRing(role, ws.current(role));
            lacking.addAll(missingSignatures(role, ws.current(role)));
        }
        if (!lacking.isEmpty()) {
            return stage(lacking);
        }
        Root root = ws.root();
        boolean consistent = root.consistentSnapshot();
        boolean targetsChanged = ws.changed().stream().anyMatch(r -> !Metadata.ROOT.equals(r));
        Metadata snapshot = null;
        if (targetsChanged || forceSnapshot || ws.publishedSnapshot().isEmpty() || rolesRotated(root)) {
            snapshot = newSnapshot();
            signWithRing(Metadata.SNAPSHOT, snapshot);
            lacking.addAll(missingSignatures(Metadata.SNAPSHOT, snapshot));
        }
        Metadata timestamp = newTimestamp(snapshot);
        signWithRing(Metadata.TIMESTAMP, timestamp);
        lacking.addAll(missingSignatures(Metadata.TIMESTAMP, timestamp));
        if (!lacking.isEmpty()) {
            if (ws.changed().isEmpty()) {
                throw new RepositoryException("cannot publish: " + String.join("; ", lacking));
            }
            return stage(lacking);
        }
        return write(root, consistent, snapshot, timestamp);
    }

    /** Snapshot/timestamp must be re-signed by new keys when root rotated theirs. */
    private boolean rolesRotated(Root newRoot) {
        Root old = ws.publishedRoot().orElse(null);
        return old == null || !old.role(Metadata.SNAPSHOT).equals(newRoot.role(Metadata.SNAPSHOT))
                || !old.role(Metadata.TIMESTAMP).equals(newRoot.role(Metadata.TIMESTAMP));
    }

    private PublishResult write(Root root, boolean consistent, Metadata snapshot, Metadata timestamp) {
        List<String> written = new ArrayList<>();
        for (String role : ws.changed()) {
            if (!Metadata.ROOT.equals(role)) {
                Metadata md = ws.current(role);
                String file = RepositoryLayout.metadataFileName(role, md.version(), consistent);
                ws.layout().writeMetadataFile(file, md.toBytes());
                written.add(file);
            }
        }
        if (snapshot != null) {
            String file = RepositoryLayout.metadataFileName(Metadata.SNAPSHOT, snapshot.version(), consistent);
            ws.layout().writeMetadataFile(file, snapshot.toBytes());
            written.add(file);
        }
        if (ws.isChanged(Metadata.ROOT)) {
            byte[] bytes = root.metadata().toBytes();
            String file = root.version() + ".root.json";
            ws.layout().writeMetadataFile(file, bytes);
            written.add(file);
            if (!consistent) {
                ws.layout().writeMetadataFile("root.json", bytes);
                written.add("root.json");
            }
        }
        ws.layout().writeMetadataFile("timestamp.json", timestamp.toBytes());
        written.add("timestamp.json");
        Set<String> publishedRoles = new HashSet<>(ws.changed());
        ws.published(snapshot, timestamp);
        for (String role : publishedRoles) {
            ws.layout().deleteStaged(role);
        }
        return new PublishResult(written, List.of());
    }

    private PublishResult stage(List<String> lacking) {
        for (String role : ws.changed()) {
            ws.layout().writeStaged(role, ws.current(role));
        }
        return new PublishResult(List.of(), lacking);
    }

    private Metadata newSnapshot() {
        ObjectNode signed = StrictJson.object();
        signed.put("_type", Metadata.SNAPSHOT);
        signed.put("spec_version", Metadata.SPEC_VERSION);
        signed.put("version", ws.publishedSnapshot().map(Metadata::version).orElse(0L) + 1);
        signed.put("expires", Metadata.formatExpiry(expiry(Metadata.SNAPSHOT)));
        ObjectNode meta = signed.putObject("meta");
        // Roles the previous snapshot listed stay listed: clients refuse a snapshot that drops one.
        ws.publishedSnapshot().ifPresent(old -> Snapshot.of(old).meta().forEach((name, file) -> meta.set(name, file.toJson())));
        for (String role : ws.targetsRoles().keySet()) {
            byte[] bytes = ws.bytesOf(role);
            meta.set(role + ".json", metaFile(ws.current(role).version(), bytes).toJson());
        }
        return Metadata.of(signed);
    }

    private Metadata newTimestamp(Metadata newSnapshot) {
        ObjectNode signed = StrictJson.object();
        signed.put("_type", Metadata.TIMESTAMP);
        signed.put("spec_version", Metadata.SPEC_VERSION);
        signed.put("version", ws.publishedTimestamp().map(Metadata::version).orElse(0L) + 1);
        signed.put("expires", Metadata.formatExpiry(expiry(Metadata.TIMESTAMP)));
        MetaFile snapshotMeta;
        if (newSnapshot != null) {
            snapshotMeta = metaFile(newSnapshot.version(), newSnapshot.toBytes());
        } else {
            snapshotMeta = io.patchbay.tuf.api.model.Timestamp.of(ws.publishedTimestamp().orElseThrow()).snapshotMeta();
        }
        signed.putObject("meta").set("snapshot.json", snapshotMeta.toJson());
        return Metadata.of(signed);
    }

    private static MetaFile metaFile(long version, byte[] bytes) {
        return new MetaFile(version, OptionalLong.of(bytes.length), Map.of("sha256", FileDigests.sha256(bytes)));
    }

    private java.time.Instant expiry(String role) {
        return ws.clock().instant().plus(ws.expiry().lifetime(role));
    }

    /** Adds the signature of every ring key that may sign this role (for root: old and new root keys). */
    private void signWithRing(String role, Metadata md) {
        Set<String> authorised = new HashSet<>(ws.signingRule(role).keys().keySet());
        if (Metadata.ROOT.equals(role)) {
            ws.publishedRoot().filter(old -> old.version() < md.version())
                    .ifPresent(old -> authorised.addAll(old.keysOf(Metadata.ROOT).keySet()));
        }
        for (String keyId : authorised) {
            TufSigner signer = ring.get(keyId);
            if (signer != null) {
                signer.signMetadata(md);
            }
        }
    }

    /** What the role lacks to be trusted by a client; empty when its thresholds are met. */
    private List<String> missingSignatures(String role, Metadata md) {
        List<String> missing = new ArrayList<>();
        WorkingSet.SigningRule rule = ws.signingRule(role);
        int valid = Signatures.validSignerKeyIds(md, rule.keys(), rule.roleKeys()).size();
        if (valid < rule.roleKeys().threshold()) {
            missing.add(role + " v" + md.version() + ": " + valid + " of " + rule.roleKeys().threshold()
                    + " signature(s) from its keys");
        }
        if (Metadata.ROOT.equals(role)) {
            ws.publishedRoot().filter(old -> old.version() < md.version()).ifPresent(old -> {
                int byOld = Signatures.validSignerKeyIds(md, old.keys(), old.role(Metadata.ROOT)).size();
                if (byOld < old.role(Metadata.ROOT).threshold()) {
                    missing.add(role + " v" + md.version() + ": " + byOld + " of " + old.role(Metadata.ROOT).threshold()
                            + " signature(s) from the keys of root v" + old.version());
                }
            });
        }
        return missing;
    }
}
