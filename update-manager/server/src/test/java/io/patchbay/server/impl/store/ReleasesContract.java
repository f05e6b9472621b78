package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.CancelResult;
import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.Deployment;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.InstallReport;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LaggingClient;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.Release;
import io.patchbay.server.store.ReleaseBundle;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.UpdatePolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Releases, deployments (assignment, duplicates, cancel) and the lagging view. */
interface ReleasesContract extends StoreFixture {
    String SHA_A = "a".repeat(64);
    String SHA_B = "b".repeat(64);

    static ReleaseBundle bundle(String bsn, String version, String sha) {
        return new ReleaseBundle("bundles/" + bsn + "/" + version + "/" + sha + ".jar", bsn, version, sha, 1234);
    }

    static DeploymentSpec toChannel(String release, String channel) {
        return new DeploymentSpec(release, channel, null, ActionType.SOFT, null, UpdatePolicy.NOW, null, null, null,
                "{\"days\":[\"SAT\"],\"start\":\"02:00\",\"durationMinutes\":120}");
    }

    static DeploymentSpec toClients(String release, List<String> clients) {
        return new DeploymentSpec(release, null, clients, ActionType.TIME_FORCED, Instant.parse("2030-02-01T00:00:00Z"),
                UpdatePolicy.DEADLINE, Instant.parse("2030-03-01T00:00:00Z"), UpdatePolicy.DeadlineAction.DISABLE_FEATURES,
                List.of("reports", "export"), null);
    }

    default Release release(String id, ReleaseBundle... bundles) throws StoreException {
        return releases().create(id, List.of(bundles), "op", level -> { });
    }

    @Test
    default void releasesGetIncreasingLevelsAndImmutableBundleVersions() throws Exception {
        Release first = release("r1", bundle("io.example.a", "1.0.0", SHA_A));
        Release second = release("r2", bundle("io.example.a", "1.0.0", SHA_A), bundle("io.example.b", "2.0.0", SHA_B));
        assertEquals(1, first.level());
        assertEquals(2, second.level());
        assertEquals(second.bundles().size(), releases().find("r2").orElseThrow().bundles().size());
        assertEquals("r2", releases().list(10).get(0).id());

        assertEquals("duplicate_release", assertThrows(ConflictException.class,
                () -> release("r1", bundle("io.example.c", "1.0.0", SHA_A))).code());
        assertEquals("bundle_conflict", assertThrows(ConflictException.class,
                () -> release("r3", bundle("io.example.a", "1.0.0", SHA_B))).code());
        assertThrows(InvalidInputException.class, () -> release("bad id"));
        assertThrows(IllegalStateException.class, () -> releases().create("r4",
                List.of(bundle("io.example.d", "1.0.0", SHA_A)), "op", level -> {
                    throw new IllegalStateException("publication failed");
                }));
        assertEquals(2, count("releases"));
        assertEquals(3, count("release_bundles"));
    }

    @Test
    default void assignmentPrefersGroupThenNewestAndOnlyForTheNamedClients() throws Exception {
        ClientRecord stable = enrollNew("stable");
        ClientRecord other = enrollNew("beta");
        ClientRecord picked = enrollNew("stable");
        release("r1", bundle("io.example.a", "1.0.0", SHA_A));
        release("r2", bundle("io.example.a", "1.1.0", SHA_B));
        Deployment channel = deployments().create(toChannel("r1", "stable"), "op");
        assertEquals("r1", deployments().assignmentFor(stable.id()).orElseThrow().release().id());
        assertTrue(deployments().assignmentFor(other.id()).isEmpty());

        Deployment group = deployments().create(toClients("r2", List.of(picked.id())), "op");
        var assigned = deployments().assignmentFor(picked.id()).orElseThrow();
        assertEquals(group.id(), assigned.deployment().id());
        assertEquals(List.of("reports", "export"), assigned.deployment().spec().features());
        assertEquals(channel.id(), deployments().assignmentFor(stable.id()).orElseThrow().deployment().id());
        assertEquals("{\"days\":[\"SAT\"],\"start\":\"02:00\",\"durationMinutes\":120}",
                deployments().find(channel.id()).orElseThrow().spec().maintenanceWindow());
        assertEquals(List.of(picked.id()), deployments().find(group.id()).orElseThrow().spec().clientIds());
    }

    @Test
    default void deploymentRefusalsWriteNothing() throws Exception {
        ClientRecord client = enrollNew("stable");
        release("r1", bundle("io.example.a", "1.0.0", SHA_A));
        deployments().create(toChannel("r1", "stable"), "op");
        assertEquals("duplicate_deployment", assertThrows(ConflictException.class,
                () -> deployments().create(toChannel("r1", "stable"), "op")).code());
        assertEquals("unknown_release", assertThrows(NotFoundException.class,
                () -> deployments().create(toChannel("nope", "stable"), "op")).code());
        assertEquals("unknown_client", assertThrows(NotFoundException.class,
                () -> deployments().create(toClients("r1", List.of(client.id(), "ghost")), "op")).code());
        assertThrows(InvalidInputException.class, () -> deployments().create(new DeploymentSpec("r1", "stable",
                List.of(client.id()), ActionType.SOFT, null, UpdatePolicy.NOW, null, null, null, null), "op"));
        assertThrows(InvalidInputException.class, () -> deployments().create(new DeploymentSpec("r1", "beta",
                null, ActionType.TIME_FORCED, null, UpdatePolicy.NOW, null, null, null, null), "op"));
        assertThrows(InvalidInputException.class, () -> deployments().create(new DeploymentSpec("r1", "beta",
                null, ActionType.SOFT, null, UpdatePolicy.DEADLINE, Instant.EPOCH,
                UpdatePolicy.DeadlineAction.SHUT_DOWN, List.of("x"), null), "op"));
        assertThrows(InvalidInputException.class, () -> deployments().create(new DeploymentSpec("r1", "beta",
                null, ActionType.SOFT, null, UpdatePolicy.NOW, null, null, null, "[1,2]"), "op"));
        assertThrows(LimitExceededException.class, () -> deployments().create(new DeploymentSpec("r1", "beta",
                null, ActionType.SOFT, null, UpdatePolicy.NOW, null, null, null,
                "{\"x\":\"" + "y".repeat(2000) + "\"}"), "op"));
        assertEquals(1, count("deployments"));
        assertEquals(0, count("deployment_clients"));
    }

    @Test
    default void cancelKeepsItForClientsThatCommittedAndRemovesItForTheRest() throws Exception {
        ClientRecord done = enrollNew("stable");
        ClientRecord pending = enrollNew("stable");
        release("r1", bundle("io.example.a", "1.0.0", SHA_A));
        Release r2 = release("r2", bundle("io.example.a", "1.1.0", SHA_B));
        Deployment old = deployments().create(toChannel("r1", "stable"), "op");
        Deployment current = deployments().create(toChannel("r2", "stable"), "op");
        installReports().record(new InstallReport(done.id(), r2.level(), InstallState.COMMITTED, null, List.of(), null,
                clock().instant()), null);
        CancelResult result = deployments().cancel(current.id());
        assertEquals(List.of(done.id()), result.keptBy());
        assertEquals(current.id(), deployments().assignmentFor(done.id()).orElseThrow().deployment().id());
        assertEquals(old.id(), deployments().assignmentFor(pending.id()).orElseThrow().deployment().id());
        assertEquals("already_cancelled", assertThrows(ConflictException.class,
                () -> deployments().cancel(current.id())).code());
        assertEquals("unknown_deployment", assertThrows(NotFoundException.class,
                () -> deployments().cancel("no-such-deployment")).code());
        // cancelled, so it may be deployed again
        deployments().create(toChannel("r2", "stable"), "op");
    }

    @Test
    default void laggingListsClientsBelowTheirAssignedLevel() throws Exception {
        ClientRecord behind = enrollNew("stable");
        ClientRecord upToDate = enrollNew("stable");
        ClientRecord unassigned = enrollNew("beta");
        assertEquals(List.of(), fleetLag().lagging(null, 10));
        release("r1", bundle("io.example.a", "1.0.0", SHA_A));
        Release r2 = release("r2", bundle("io.example.a", "1.1.0", SHA_B));
        deployments().create(toChannel("r2", "stable"), "op");
        checkIns().record(new CheckIn(behind.id(), 1, List.of(), null, "stable"));
        checkIns().record(new CheckIn(upToDate.id(), r2.level(), List.of(), null, "stable"));
        checkIns().record(new CheckIn(unassigned.id(), 0, List.of(), null, "beta"));
        List<LaggingClient> lagging = fleetLag().lagging(null, 10);
        assertEquals(1, lagging.size());
        assertEquals(behind.id(), lagging.get(0).clientId());
        assertEquals(1, lagging.get(0).reportedLevel());
        assertEquals(r2.level(), lagging.get(0).assignedLevel());
        assertEquals("r2", lagging.get(0).releaseId());
    }

    @Test
    default void deploymentsAreListedNewestFirstActiveOnlyOnRequest() throws Exception {
        ClientRecord a = enrollNew("stable");
        release("r1", bundle("io.example.a", "1.0.0", SHA_A));
        release("r2", bundle("io.example.a", "1.1.0", SHA_B));
        Deployment first = deployments().create(toChannel("r1", "stable"), "op");
        Deployment second = deployments().create(toClients("r2", List.of(a.id())), "op");
        Deployment third = deployments().create(toChannel("r2", "beta"), "op");
        deployments().cancel(second.id());
        List<Deployment> all = deployments().list(false, 10);
        assertEquals(List.of(third.id(), second.id(), first.id()), all.stream().map(Deployment::id).toList());
        Deployment cancelled = all.get(1);
        assertTrue(cancelled.cancelledAt() != null);
        assertEquals(List.of(a.id()), cancelled.spec().clientIds());
        assertEquals(UpdatePolicy.DEADLINE, cancelled.spec().policy());
        assertEquals(List.of("reports", "export"), cancelled.spec().features());
        assertEquals(List.of(third.id(), first.id()), deployments().list(true, 10).stream().map(Deployment::id).toList());
        assertEquals(List.of(third.id()), deployments().list(false, 1).stream().map(Deployment::id).toList());
        assertThrows(IllegalArgumentException.class, () -> deployments().list(false, 0));
    }
}
