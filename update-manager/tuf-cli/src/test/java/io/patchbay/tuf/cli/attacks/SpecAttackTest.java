package io.patchbay.tuf.cli.attacks;

import io.patchbay.tuf.api.BadHashException;
import io.patchbay.tuf.api.BadVersionException;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RollbackAttackException;
import io.patchbay.tuf.api.SignatureThresholdException;
import io.patchbay.tuf.api.TargetNotFoundException;
import io.patchbay.tuf.repo.TufSigner;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.repo.keys.KeyPairs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The attacks of the TUF specification (section 1.5.2), each against a served repository. */
class SpecAttackTest extends SimulatorTestBase {

    @Test
    void arbitraryInstallationOfATargetIsRefusedByItsHashes() {
        TargetFile target = sim.addTarget("app.txt", "the real thing", null);
        sim.updater().refresh();
        for (String hash : target.hashes().values()) {
            sim.server().put("/targets/" + hash + ".app.txt", "malware".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> targetsBefore = io.patchbay.tuf.testing.DirectorySnapshot.of(sim.clientTargetDir());
        assertFailsUnchanged(BadHashException.class, u -> u.download(u.requireTarget("app.txt")));
        assertEquals(targetsBefore, io.patchbay.tuf.testing.DirectorySnapshot.of(sim.clientTargetDir()));
    }

    @Test
    void arbitraryInstallationThroughMetadataSignedByAnUntrustedKeyIsRefused() {
        TufSigner attacker = KeyPairs.generateEd25519();
        sim.tamper("timestamp.json", ts -> ts.setVersion(ts.version() + 1), attacker);
        assertRefreshFails(SignatureThresholdException.class);
    }

    @Test
    void endlessDataIsCutAtTheLengthLimit() {
        sim.server().serveEndless("/metadata/timestamp.json");
        assertRefreshFails(LengthExceededException.class);
        sim.sync();
        sim.server().serveEndless("/metadata/2.root.json");
        assertRefreshFails(LengthExceededException.class);
    }

    @Test
    void endlessSnapshotIsCutAtTheLengthTimestampLists() {
        sim.repo().touch("snapshot");
        sim.publish();
        sim.server().serveEndless("/metadata/2.snapshot.json");
        assertFailsUnchangedExcept(LengthExceededException.class, u -> u.refresh(), "timestamp.json");
    }

    @Test
    void endlessTargetIsCutAtItsListedLength() {
        TargetFile target = sim.addTarget("big.bin", "small", null);
        sim.updater().refresh();
        sim.server().serveEndless("/targets/" + target.hashes().get("sha256") + ".big.bin");
        assertFailsUnchanged(LengthExceededException.class, u -> u.download(u.requireTarget("big.bin")));
        assertFalse(Files.exists(sim.clientTargetDir().resolve("big.bin")));
    }

    @Test
    void extraneousDependenciesCannotBeAddedToSignedCustomData() {
        var custom = io.patchbay.tuf.api.StrictJson.object().put("requires", "nothing-else");
        sim.repo().putTarget("targets", new TargetFile("app.txt", 3, Map.of("sha256", sha256("app".getBytes())), custom));
        sim.publish();
        // Same length, so that the snapshot's hash (not its length) is what catches it.
        sim.tamper("2.targets.json", t -> t.signed().with("targets").with("app.txt").with("custom")
                .put("requires", "evil-package"));
        assertFailsUnchangedExcept(BadHashException.class, u -> u.refresh(), "timestamp.json", "2.snapshot.json");
    }

    @Test
    void extraneousTargetsThatNoRoleListsAreNotFound() {
        sim.server().put("/targets/evil.txt", "evil".getBytes(StandardCharsets.UTF_8));
        assertFailsUnchanged(TargetNotFoundException.class, u -> u.requireTarget("evil.txt"));
    }

    @Test
    void fastForwardOfTimestampIsRecoveredByRotatingTheTimestampKey() {
        // The timestamp key leaks; the attacker pushes version 1000.
        sim.tamper("timestamp.json", ts -> ts.setVersion(1000), sim.signer("timestamp"));
        sim.updater().refresh();
        // The repository publishes normally again: a lower version is a rollback to the client...
        sim.sync();
        sim.repo().touch("timestamp");
        sim.publish();
        assertRefreshFails(RollbackAttackException.class);
        // ...until root rotates the timestamp key; the client then forgets the fast-forwarded timestamp.
        var oldKey = sim.signer("timestamp").keyId();
        sim.repo().rotateKeys("timestamp", sim.newKeys("timestamp", 1), java.util.List.of(oldKey), null);
        sim.publish();
        var result = sim.updater().refresh();
        assertEquals(2, result.rootVersion());
        assertEquals(Metadata.parse(sim.server().get("/metadata/timestamp.json")).version(), result.timestampVersion());
    }

    @Test
    void indefiniteFreezeIsDetectedByExpiry() {
        sim.clock().advance(Duration.ofDays(1).plusSeconds(1));
        assertRefreshFails(ExpiredMetadataException.class);
        sim.repo().touch("timestamp");
        sim.publish();
        sim.updater().refresh();
    }

    @Test
    void frozenSnapshotAndTargetsAreDetectedByExpiryToo() {
        sim.clock().advance(Duration.ofDays(8));
        sim.repo().touch("timestamp");
        sim.publish();
        assertFailsUnchangedExcept(ExpiredMetadataException.class, u -> u.refresh(), "timestamp.json");
        sim.clock().advance(Duration.ofDays(90));
        sim.repo().touch("timestamp");
        sim.repo().touch("snapshot");
        sim.publish();
        assertFailsUnchangedExcept(ExpiredMetadataException.class, u -> u.refresh(), "timestamp.json", "2.snapshot.json");
    }

    @Test
    void maliciousMirrorServingAnotherRepositoryIsRefused() throws Exception {
        try (var other = io.patchbay.tuf.repo.testing.RepoSimulator.start(tmp.resolve("other"))) {
            sim.serve("timestamp.json", other.served("timestamp.json"));
            assertRefreshFails(SignatureThresholdException.class);
            sim.serve("2.root.json", Metadata.parse(other.rootBytes(1)));
            assertRefreshFails(SignatureThresholdException.class);
        }
    }

    @Test
    void maliciousMirrorReplayingAnOldTimestampIsARollback() {
        Metadata old = sim.served("timestamp.json");
        sim.repo().touch("timestamp");
        sim.publish();
        sim.updater().refresh();
        sim.serve("timestamp.json", old);
        assertRefreshFails(RollbackAttackException.class);
    }

    @Test
    void mixAndMatchOfTargetsFromAnotherSnapshotIsRefusedByHash() {
        sim.addTarget("a.txt", "a", null);
        sim.server().put("/metadata/2.targets.json", sim.server().get("/metadata/1.targets.json"));
        assertFailsUnchangedExcept(BadHashException.class, u -> u.refresh(), "timestamp.json", "2.snapshot.json");
    }

    @Test
    void mixAndMatchIsRefusedByVersionWhenSnapshotListsNoHashes() {
        sim.addTarget("a.txt", "a", null);
        // A repository may list versions only; then the version inside the file must match.
        Metadata snapshot = sim.tamper("2.snapshot.json", s -> s.signed().with("meta").putObject("targets.json")
                .put("version", 2), sim.signer("snapshot"));
        serveTimestampFor(snapshot, 3);
        sim.server().put("/metadata/2.targets.json", sim.server().get("/metadata/1.targets.json"));
        assertFailsUnchangedExcept(BadVersionException.class, u -> u.refresh(), "timestamp.json", "2.snapshot.json");
    }

    @Test
    void rollbackOfSnapshotIsRefused() {
        sim.addTarget("a.txt", "a", null);
        sim.updater().refresh();
        // A compromised timestamp key points back at snapshot v1.
        serveTimestampFor(sim.served("1.snapshot.json"), 3);
        assertRefreshFails(RollbackAttackException.class);
    }

    @Test
    void rollbackOfTargetsInANewSnapshotIsRefused() {
        sim.addTarget("a.txt", "a", null);
        sim.updater().refresh();
        // Compromised online keys: snapshot v3 lists targets v1 again.
        Metadata snapshot = sim.served("1.snapshot.json");
        snapshot.setVersion(3);
        snapshot.clearSignatures();
        sim.signer("snapshot").signMetadata(snapshot);
        sim.serve("3.snapshot.json", snapshot);
        serveTimestampFor(snapshot, 3);
        assertFailsUnchangedExcept(RollbackAttackException.class, u -> u.refresh(), "timestamp.json");
    }

    @Test
    void rootFileWithTheWrongVersionIsRefused() {
        // 2.root.json that holds a validly signed root claiming version 1 (or 3).
        sim.server().put("/metadata/2.root.json", sim.rootBytes(1));
        assertRefreshFails(BadVersionException.class);
        sim.tamper("2.root.json", r -> r.setVersion(3), sim.signer("root"));
        assertRefreshFails(BadVersionException.class);
    }

    @Test
    void wrongSoftwareUnderAnotherTargetsNameIsRefused() {
        TargetFile wanted = sim.addTarget("wanted.txt", "wanted", null);
        TargetFile other = sim.addTarget("other.txt", "evilxx", null);
        sim.updater().refresh();
        sim.server().put("/targets/" + wanted.hashes().get("sha256") + ".wanted.txt",
                sim.server().get("/targets/" + other.hashes().get("sha256") + ".other.txt"));
        assertFailsUnchanged(BadHashException.class, u -> u.download(u.requireTarget("wanted.txt")));
        sim.sync();
        assertArrayEquals("wanted".getBytes(StandardCharsets.UTF_8), sim.updater().fetchTarget("wanted.txt"));
    }
}
