package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.impl.rollout.RolloutEngine;
import io.patchbay.server.impl.store.RolloutRecords.ErrorKind;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.Moved;
import io.patchbay.server.impl.store.RolloutRecords.Rollback;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.store.Assignment;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.Deployment;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A true rollback of a halted rollout: back to the release each client committed before, once. */
interface RolloutRollbackContract extends RolloutFixture {

    /**
     * Clients a and b committed r1, c committed r2, d ran the initial bundles, e committed r1 (revoked later), all
     * then committed r3 through its rollout; f's r3 install rolls back, which halts it.
     */
    default Rollout halted(RolloutEngine engine, List<Agent> agents, boolean revokeE) throws Exception {
        release("r1");
        release("r2");
        release("r3");
        finished(engine, "r1", List.of(agents.get(0), agents.get(1), agents.get(4)));
        finished(engine, "r2", List.of(agents.get(2)));
        assertEquals(List.of(1L, 1L, 2L, 0L, 1L, 0L), agents.stream().map(a -> a.level).toList());
        clock().advance(Duration.ofMinutes(1));
        Rollout rollout = rollouts().create(RolloutFixture.spec("r3", "stable", 100, 1, ErrorKind.COUNT,
                Duration.ofMinutes(30), GroupSpec.clients(agents.stream().map(a -> a.id).toList())), "op");
        engine.evaluate(rollout.id(), false);
        agents.get(5).outcome = InstallState.ROLLED_BACK;
        for (Agent agent : agents) {
            tick(engine, agent);
        }
        assertEquals(State.HALTED, view(rollout.id()).rollout().state());
        if (revokeE) {
            clients().revoke(agents.get(4).id);
        }
        return rollout;
    }

    /** A rollout of {@code release} to exactly {@code agents}, which all commit it: FINISHED. */
    default void finished(RolloutEngine engine, String release, List<Agent> agents) throws Exception {
        Rollout rollout = start(engine, RolloutFixture.simple(release, "stable",
                GroupSpec.clients(agents.stream().map(a -> a.id).toList())));
        tickAll(engine, agents);
        engine.evaluate(rollout.id(), false);
        assertEquals(State.FINISHED, view(rollout.id()).rollout().state());
    }

    @Test
    default void aHaltedRolloutGoesBackToEachClientsPreviousRelease() throws Exception {
        List<Agent> agents = agents("stable", 6);
        RolloutEngine engine = engine();
        Rollout rollout = halted(engine, agents, true);
        clock().advance(Duration.ofMinutes(1));

        Rollback done = rollback().rollBack(rollout.id(), "op");
        assertEquals(2, done.deployments().size(), done.toString());
        Moved toR1 = done.deployments().stream().filter(m -> m.releaseId().equals("r1")).findFirst().orElseThrow();
        Moved toR2 = done.deployments().stream().filter(m -> m.releaseId().equals("r2")).findFirst().orElseThrow();
        assertEquals(Stream.of(agents.get(0).id, agents.get(1).id).sorted().toList(), toR1.clientIds(),
                "the revoked client e is left out");
        assertEquals(1, toR1.level());
        assertEquals(List.of(agents.get(2).id), toR2.clientIds());
        assertEquals(2, toR2.level());
        assertEquals(1, done.skipped().size(), done.toString());
        assertEquals(agents.get(3).id, done.skipped().get(0).clientId());
        assertTrue(done.skipped().get(0).reason().contains("initial bundles"), done.skipped().get(0).reason());

        Assignment a = deployments().assignmentFor(agents.get(0).id).orElseThrow();
        assertEquals(toR1.deploymentId(), a.deployment().id());
        assertTrue(a.rollback());
        assertEquals("r3", a.replaces().id());
        assertEquals(3, a.replaces().level());
        Assignment c = deployments().assignmentFor(agents.get(2).id).orElseThrow();
        assertEquals(toR2.deploymentId(), c.deployment().id());
        assertEquals("r2", c.release().id());
        assertTrue(deployments().assignmentFor(agents.get(5).id).map(x -> !x.rollback()).orElse(true),
                "f never committed r3: not rolled back");

        RolloutRecords.View view = view(rollout.id());
        assertEquals(done, view.rollback(), "the status shows what the rollback did");
        assertEquals(State.HALTED, view.rollout().state());
        assertNotNull(view.rollout().rollbackDeploymentId());
        String event = view.events().stream().filter(e -> e.kind().equals("ROLLBACK")).findFirst().orElseThrow()
                .detail();
        assertTrue(event.contains("to r1") && event.contains("to r2") && event.contains("1 skipped"), event);

        assertEquals("already_rolled_back", assertThrows(ConflictException.class,
                () -> rollback().rollBack(rollout.id(), "op")).code());
        release("r4");
        assertEquals("already_rolled_back", assertThrows(ConflictException.class,
                () -> rollback().rollForward(rollout.id(), "r4", "op")).code());

        Deployment later = deployments().create(ReleasesContract.toChannel("r4", "stable"), "op");
        Assignment after = deployments().assignmentFor(agents.get(0).id).orElseThrow();
        assertEquals(later.id(), after.deployment().id(), "a later channel deployment still reaches them");
        assertNull(after.replaces());
    }

    @Test
    default void aClientThatCommittedTheReleaseThroughADeploymentByHandIsRolledBackToo() throws Exception {
        List<Agent> agents = agents("stable", 2);
        RolloutEngine engine = engine();
        release("r1");
        release("r2");
        finished(engine, "r1", agents);
        clock().advance(Duration.ofMinutes(1));
        Rollout rollout = start(engine, RolloutFixture.simple("r2", "stable",
                GroupSpec.clients(agents.stream().map(a -> a.id).toList())));
        deployments().create(ReleasesContract.toChannel("r2", "stable"), "op");
        tick(engine, agents.get(0)); // commits r2 through the deployment by hand, which outranks the group's
        agents.get(1).outcome = InstallState.ROLLED_BACK;
        tick(engine, agents.get(1));
        engine.evaluateAll();
        assertEquals(State.HALTED, view(rollout.id()).rollout().state());
        assertEquals(2L, agents.get(0).level);
        clock().advance(Duration.ofMinutes(1));

        Rollback done = rollback().rollBack(rollout.id(), "op");
        assertEquals(1, done.deployments().size(), done.toString());
        assertEquals("r1", done.deployments().get(0).releaseId());
        assertEquals(List.of(agents.get(0).id), done.deployments().get(0).clientIds(),
                "its commit counted for the rollout, so it is undone with it");
    }

    @Test
    default void onlyAHaltedRolloutIsRolledBack() throws Exception {
        List<Agent> agents = agents("stable", 2);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.soaking("r1", GroupSpec.clients(List.of(agents.get(0).id))));
        assertEquals("rollout_running", assertThrows(ConflictException.class,
                () -> rollback().rollBack(rollout.id(), "op")).code());
        rollouts().cancel(rollout.id(), "op");
        assertEquals("rollout_cancelled", assertThrows(ConflictException.class,
                () -> rollback().rollBack(rollout.id(), "op")).code());
        assertEquals("unknown_rollout", assertThrows(NotFoundException.class,
                () -> rollback().rollBack("no-such-rollout", "op")).code());
        assertEquals(0, column("SELECT id FROM deployments WHERE rollback_of IS NOT NULL").size());
    }

    @Test
    default void withoutAnyEarlierReleaseNothingIsWrittenAndRollForwardStillWorks() throws Exception {
        List<Agent> agents = agents("stable", 3);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r1", "stable",
                GroupSpec.clients(agents.stream().map(a -> a.id).toList())));
        agents.get(2).outcome = InstallState.ROLLED_BACK;
        tickAll(engine, agents);
        assertEquals(State.HALTED, view(rollout.id()).rollout().state());
        long version = view(rollout.id()).rollout().version();

        ConflictException refused = assertThrows(ConflictException.class, () -> rollback().rollBack(rollout.id(), "op"));
        assertEquals("no_previous_release", refused.code());
        assertTrue(refused.getMessage().contains("2 client(s)"), refused.getMessage());
        assertEquals(version, view(rollout.id()).rollout().version(), "nothing half-applied");
        assertEquals(Rollback.NONE, view(rollout.id()).rollback());
        assertEquals(0, count("rollout_rollback_skips"));
        assertNull(view(rollout.id()).rollout().rollbackDeploymentId());

        release("r1-fix");
        String fix = rollback().rollForward(rollout.id(), "r1-fix", "op");
        assertEquals(fix, view(rollout.id()).rollout().rollbackDeploymentId());
        assertEquals(Rollback.NONE, view(rollout.id()).rollback(), "a roll-forward is no rollback deployment");
        assertTrue(!deployments().assignmentFor(agents.get(0).id).orElseThrow().rollback());
    }

    @Test
    default void aReleaseCommittedAfterTheHaltedOneIsNotWhatItRanBefore() throws Exception {
        List<Agent> agents = agents("stable", 6);
        RolloutEngine engine = engine();
        Rollout rollout = halted(engine, agents, false);
        // a report of r2 arriving after the r3 commit (replayed, or from some other path) is not "before"
        Deployment r2 = deployments().find(column("SELECT id FROM deployments WHERE release_id = 'r2'").get(0))
                .orElseThrow();
        clock().advance(Duration.ofMinutes(5));
        installReports().record(new io.patchbay.server.store.InstallReport(agents.get(3).id, 2, InstallState.COMMITTED,
                null, List.of(), null, clock().instant(), r2.id(), null, null), null);
        Rollback done = rollback().rollBack(rollout.id(), "op");
        assertEquals(List.of(agents.get(3).id), done.skipped().stream().map(s -> s.clientId()).toList());
        assertTrue(done.deployments().stream().anyMatch(m -> m.releaseId().equals("r1")
                && m.clientIds().contains(agents.get(4).id)), "e (not revoked here) goes back to r1");
    }
}
