package io.patchbay.tuf.cli.attacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.Signature;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.repo.TufSigner;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.repo.InitOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Thresholds of 2 for every role: key compromise below threshold, duplicate keys, rotations of every role. */
class KeysAndThresholdsTest extends SimulatorTestBase {

    @Override
    InitOptions options() {
        InitOptions options = InitOptions.defaults();
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            options = options.withThreshold(role, 2);
        }
        return options;
    }

    @Test
    void oneCompromisedKeyOfTwoCannotSignTimestamp() {
        sim.tamper("timestamp.json", ts -> ts.setVersion(ts.version() + 1), sim.signers("timestamp").get(0));
        assertRefreshFails(SignatureThresholdException.class);
    }

    @Test
    void oneCompromisedKeyOfTwoCannotSignANewRoot() {
        TufSigner attacker = io.patchbay.tuf.repo.keys.KeyPairs.generateEd25519();
        sim.tamper("1.root.json", r -> { }, sim.signers("root").get(0));
        Metadata evil = Metadata.parse(sim.rootBytes(1));
        evil.setVersion(2);
        ((ObjectNode) evil.signed().get("keys")).set(attacker.keyId(), attacker.publicKey().toJson());
        evil.signed().with("roles").with("root").put("threshold", 1).putArray("keyids").add(attacker.keyId());
        evil.clearSignatures();
        sim.signers("root").get(0).signMetadata(evil);
        attacker.signMetadata(evil);
        sim.serve("2.root.json", evil);
        assertRefreshFails(SignatureThresholdException.class);
    }

    @Test
    void oneCompromisedTargetsKeyCannotSignTargetsEvenWithTheOnlineKeys() {
        sim.addTarget("a.txt", "a", null);
        // The attacker holds both online keys and one of the two targets keys.
        Metadata targets = sim.served("2.targets.json");
        targets.signed().with("targets").with("a.txt").put("length", 4);
        targets.clearSignatures();
        sim.signers("targets").get(0).signMetadata(targets);
        sim.serve("2.targets.json", targets);
        Metadata snapshot = sim.served("2.snapshot.json");
        snapshot.signed().with("meta").putObject("targets.json").put("version", 2);
        snapshot.clearSignatures();
        sim.signers("snapshot").forEach(signer -> signer.signMetadata(snapshot));
        sim.serve("2.snapshot.json", snapshot);
        byte[] bytes = snapshot.toBytes();
        sim.tamper("timestamp.json", ts -> {
            var meta = ts.signed().with("meta").putObject("snapshot.json");
            meta.put("version", 2).put("length", bytes.length).putObject("hashes").put("sha256", sha256(bytes));
        }, sim.signers("timestamp").toArray(TufSigner[]::new));
        assertFailsUnchangedExcept(SignatureThresholdException.class, u -> u.refresh(), "timestamp.json", "2.snapshot.json");
    }

    /** The spec requires unique key ids in "signatures": a repeated one makes the envelope malformed. */
    @Test
    void aDuplicatedSignatureIsMalformed() {
        Metadata ts = sim.served("timestamp.json");
        ts.setVersion(ts.version() + 1);
        ts.clearSignatures();
        Signature once = sim.signers("timestamp").get(0).signMetadata(ts);
        ts.envelope().withArray("signatures").add(once.toJson());
        sim.serve("timestamp.json", ts);
        assertRefreshFails(io.patchbay.tuf.api.MalformedMetadataException.class);
    }

    @Test
    void oneKeyListedUnderTwoKeyIdsCountsOnce() {
        // Root v2 lists timestamp key A twice: once as-is, once with an extra field (so under another key id).
        // The repository tooling refuses to publish that (it counts key material once too), so build it by hand.
        TufSigner a = sim.signers("timestamp").get(0);
        ObjectNode alias = (ObjectNode) a.publicKey().toJson();
        alias.put("x-alias", "same key, other id");
        TufKey aliasKey = TufKey.fromJson(alias);
        Metadata root2 = Metadata.parse(sim.rootBytes(1));
        root2.setVersion(2);
        ((ObjectNode) root2.signed().get("keys")).set(aliasKey.keyId(), aliasKey.toJson());
        root2.signed().with("roles").with("timestamp").putArray("keyids").add(a.keyId()).add(aliasKey.keyId());
        root2.clearSignatures();
        sim.signers("root").forEach(signer -> signer.signMetadata(root2));
        sim.serve("2.root.json", root2);
        Metadata ts = sim.served("timestamp.json");
        ts.clearSignatures();
        ts.addSignature(new Signature(aliasKey.keyId(), a.signMetadata(ts).sig()));
        sim.serve("timestamp.json", ts);
        // The first refresh accepts root v2 (and, its timestamp keys having changed, forgets timestamp and
        // snapshot as spec 5.3.11 says), then refuses the timestamp; the next one refuses it with nothing changing.
        org.junit.jupiter.api.Assertions.assertThrows(SignatureThresholdException.class, () -> sim.updater().refresh());
        assertEquals(2, sim.updater().trustedRoot().version());
        assertRefreshFails(SignatureThresholdException.class);
    }

    @Test
    void rootRotationsAreFollowedThroughTheChain() {
        List<TufKey> newRootKeys = sim.newKeys("root", 2);
        List<String> oldIds = sim.signers("root").stream().map(TufSigner::keyId)
                .filter(id -> !newRootKeys.stream().map(TufKey::keyId).toList().contains(id)).toList();
        sim.repo().rotateKeys("root", newRootKeys, List.of(), null);
        sim.publish();
        sim.repo().rotateKeys("root", List.of(), oldIds, null);
        sim.publish();
        var result = sim.updater().refresh();
        assertEquals(3, result.rootVersion());
        assertEquals(2, result.rootRotations());
        // Root v4 signed only by the revoked keys is refused.
        Metadata forged = sim.served("3.root.json");
        forged.setVersion(4);
        forged.clearSignatures();
        sim.ring().signers("root").forEach((id, s) -> {
            if (oldIds.contains(id)) {
                s.signMetadata(forged);
            }
        });
        sim.serve("4.root.json", forged);
        assertRefreshFails(SignatureThresholdException.class);
    }

    @Test
    void targetsSnapshotAndTimestampKeyRotationsAreAccepted() {
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            List<String> oldIds = sim.signers(role).stream().map(TufSigner::keyId).toList();
            sim.repo().rotateKeys(role, sim.newKeys(role, 2), oldIds, null);
            sim.publish();
            sim.updater().refresh();
            Root root = sim.updater().trustedRoot();
            assertEquals(2, root.role(role).keyIds().size());
            assertEquals(List.of(), root.role(role).keyIds().stream().filter(oldIds::contains).toList());
            // A file signed by the revoked keys no longer counts.
            String file = role.equals("timestamp") ? "timestamp.json" : null;
            if (file != null) {
                Metadata ts = sim.served(file);
                ts.setVersion(ts.version() + 1);
                ts.clearSignatures();
                sim.ring().signers(role).forEach((id, s) -> {
                    if (oldIds.contains(id)) {
                        s.signMetadata(ts);
                    }
                });
                sim.serve(file, ts);
                assertRefreshFails(SignatureThresholdException.class);
            }
        }
    }

    @Test
    void anExpiredIntermediateRootIsFineOnlyTheFinalRootMustBeValid() {
        sim.repo().withExpiry(io.patchbay.tuf.repo.ExpiryPolicy.defaults().with("root", Duration.ofDays(1)));
        sim.repo().touch("root");
        sim.publish();
        sim.clock().advance(Duration.ofDays(2));
        sim.repo().withExpiry(io.patchbay.tuf.repo.ExpiryPolicy.defaults());
        sim.repo().touch("root");
        sim.repo().touch("timestamp");
        sim.repo().touch("snapshot");
        sim.repo().touch("targets");
        sim.publish();
        var result = sim.updater().refresh();
        assertEquals(3, result.rootVersion());
        // When the newest root is expired itself, the refresh fails (after accepting the chain).
        sim.clock().advance(Duration.ofDays(400));
        assertFailsUnchanged(ExpiredMetadataException.class, u -> u.refresh());
    }
}
