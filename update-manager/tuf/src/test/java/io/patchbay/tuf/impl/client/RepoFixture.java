package io.patchbay.tuf.impl.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.testing.TestSigner;
import io.patchbay.tuf.api.model.MetaFile;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.testing.TestKeys;
import io.patchbay.tuf.testing.TestSigner;
import io.patchbay.tuf.api.StrictJson;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A small signing repository for client tests (independent of the repository tooling): ed25519 keys,
 * metadata kept as mutable trees, {@code publish*} methods that sign and place files into a
 * {@link MemoryFetcher} under https://repo.test/metadata/ and https://repo.test/targets/.
 */
final class RepoFixture {

    static final URI METADATA_URL = URI.create("https://repo.test/metadata/");
    static final URI TARGETS_URL = URI.create("https://repo.test/targets/");
    static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    final MemoryFetcher fetcher = new MemoryFetcher();
    final Map<String, List<TestSigner>> signers = new LinkedHashMap<>();
    final Map<String, TestSigner> delegationSigners = new LinkedHashMap<>();
    boolean consistentSnapshot;
    boolean snapshotHashesInTimestamp = true;
    boolean targetsHashesInSnapshot = false;

    Metadata root;
    Metadata targets;
    Metadata snapshot;
    Metadata timestamp;
    final Map<String, Metadata> delegated = new LinkedHashMap<>();
    private final java.util.Set<Metadata> published =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    RepoFixture() {
        for (String role : List.of("root", "timestamp", "snapshot", "targets")) {
            signers.put(role, new ArrayList<>(List.of(TestKeys.ed25519())));
        }
        root = Metadata.of(rootSigned(1));
        targets = Metadata.of(signed("targets", 0));
        targets.signed().putObject("targets");
        snapshot = Metadata.of(signed("snapshot", 0));
        snapshot.signed().putObject("meta");
        timestamp = Metadata.of(signed("timestamp", 0));
        timestamp.signed().putObject("meta").set("snapshot.json", MetaFile.ofVersion(1).toJson());
    }

    static ObjectNode signed(String type, long version) {
        ObjectNode signed = StrictJson.object();
        signed.put("_type", type);
        signed.put("spec_version", "1.0.31");
        signed.put("version", Math.max(version, 1));
        signed.put("expires", Metadata.formatExpiry(EXPIRES));
        return signed;
    }

    /** A root tree listing the current signers of every role. */
    ObjectNode rootSigned(long version) {
        ObjectNode signed = signed("root", version);
        signed.put("consistent_snapshot", consistentSnapshot);
        ObjectNode keys = signed.putObject("keys");
        ObjectNode roles = signed.putObject("roles");
        for (Map.Entry<String, List<TestSigner>> role : signers.entrySet()) {
            ObjectNode roleNode = roles.putObject(role.getKey());
            ArrayNode ids = roleNode.putArray("keyids");
            for (TestSigner signer : role.getValue()) {
                keys.set(signer.keyId(), signer.publicKey().toJson());
                ids.add(signer.keyId());
            }
            roleNode.put("threshold", 1);
        }
        return signed;
    }

    byte[] rootBytes() {
        return root.toBytes();
    }

    /** Signs root with {@code by}, publishes it as VERSION.root.json and root.json. */
    byte[] publishRoot(List<? extends TestSigner> by) {
        root.clearSignatures();
        by.forEach(signer -> signer.signMetadata(root));
        byte[] bytes = root.toBytes();
        put(METADATA_URL, root.version() + ".root.json", bytes);
        put(METADATA_URL, "root.json", bytes);
        return bytes;
    }

    /** Starts the next root version from the current signers (change {@link #signers} first to rotate). */
    void nextRoot() {
        long next = root.version() + 1;
        ObjectNode extensions = root.signed().deepCopy();
        root = Metadata.of(rootSigned(next));
        for (String field : List.of("x-patchbay-location", "x-patchbay-tls-pins")) {
            if (extensions.has(field)) {
                root.signed().set(field, extensions.get(field));
            }
        }
    }

    TargetFile addTarget(String path, byte[] content) {
        return addTarget(targets, path, content);
    }

    /** Lists {@code path} in {@code role} (top-level targets or a delegated role) and serves its content. */
    TargetFile addTarget(Metadata role, String path, byte[] content) {
        ObjectNode entry = role.signed().with("targets").putObject(path);
        entry.put("length", content.length);
        entry.putObject("hashes").put("sha256", hex("SHA-256", content)).put("sha512", hex("SHA-512", content));
        TargetFile target = TargetFile.fromJson(path, entry);
        put(TARGETS_URL, RemoteNames.targetPath(target, false), content);
        put(TARGETS_URL, RemoteNames.targetPath(target, true), content);
        return target;
    }

    /** Adds a delegation from {@code parent} (a Metadata of targets type) to a new role signed by a new key. */
    Metadata delegate(Metadata parent, String roleName, List<String> paths, boolean terminating) {
        TestSigner signer = delegationSigners.computeIfAbsent(roleName, n -> TestKeys.ed25519());
        ObjectNode delegations = parent.signed().with("delegations");
        delegations.with("keys").set(signer.keyId(), signer.publicKey().toJson());
        ObjectNode role = delegations.withArray("roles").addObject();
        role.put("name", roleName);
        role.putArray("keyids").add(signer.keyId());
        role.put("threshold", 1);
        role.put("terminating", terminating);
        ArrayNode pathArray = role.putArray("paths");
        paths.forEach(pathArray::add);
        Metadata child = Metadata.of(signed("targets", 1));
        child.signed().putObject("targets");
        delegated.put(roleName, child);
        return child;
    }

    /** Publishes targets (+ delegated roles), snapshot and timestamp, each with a version one higher. */
    void publish() {
        bump(targets);
        delegated.values().forEach(this::bump);
        publishTargetsOnly();
        publishSnapshotOnly(true);
        publishTimestampOnly(true);
    }

    /** The first publication keeps version 1; later ones raise it. */
    private void bump(Metadata metadata) {
        if (!published.add(metadata)) {
            metadata.setVersion(metadata.version() + 1);
        }
    }

    void publishTargetsOnly() {
        sign(targets, signers.get("targets"));
        putMetadata("targets", targets);
        for (Map.Entry<String, Metadata> role : delegated.entrySet()) {
            sign(role.getValue(), List.of(delegationSigners.get(role.getKey())));
            putMetadata(role.getKey(), role.getValue());
        }
    }

    /** Re-lists every targets role at its current version; {@code bump} raises snapshot's version. */
    void publishSnapshotOnly(boolean bump) {
        if (bump) {
            bump(snapshot);
        }
        ObjectNode meta = snapshot.signed().putObject("meta");
        meta.set("targets.json", metaFor(targets));
        delegated.forEach((name, md) -> meta.set(name + ".json", metaFor(md)));
        sign(snapshot, signers.get("snapshot"));
        putMetadata("snapshot", snapshot);
    }

    private ObjectNode metaFor(Metadata metadata) {
        if (!targetsHashesInSnapshot) {
            return MetaFile.ofVersion(metadata.version()).toJson();
        }
        byte[] bytes = metadata.toBytes();
        return new MetaFile(metadata.version(), OptionalLong.of(bytes.length),
                Map.of("sha256", hex("SHA-256", bytes))).toJson();
    }

    void publishTimestampOnly(boolean bump) {
        if (bump) {
            bump(timestamp);
        }
        byte[] snapshotBytes = snapshot.toBytes();
        MetaFile meta = snapshotHashesInTimestamp
                ? new MetaFile(snapshot.version(), OptionalLong.of(snapshotBytes.length),
                Map.of("sha256", hex("SHA-256", snapshotBytes)))
                : MetaFile.ofVersion(snapshot.version());
        timestamp.signed().putObject("meta").set("snapshot.json", meta.toJson());
        sign(timestamp, signers.get("timestamp"));
        put(METADATA_URL, "timestamp.json", timestamp.toBytes());
    }

    static void sign(Metadata metadata, List<? extends TestSigner> by) {
        metadata.clearSignatures();
        by.forEach(signer -> signer.signMetadata(metadata));
    }

    void putMetadata(String role, Metadata metadata) {
        byte[] bytes = metadata.toBytes();
        put(METADATA_URL, RemoteNames.metadataFile(role, 0), bytes);
        put(METADATA_URL, RemoteNames.metadataFile(role, metadata.version()), bytes);
    }

    void put(URI base, String relative, byte[] bytes) {
        fetcher.files.put(base + relative, bytes);
    }

    void putRaw(String relativeMetadataPath, byte[] bytes) {
        put(METADATA_URL, relativeMetadataPath, bytes);
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return io.patchbay.tuf.impl.crypto.Hex.encode(MessageDigest.getInstance(algorithm).digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
