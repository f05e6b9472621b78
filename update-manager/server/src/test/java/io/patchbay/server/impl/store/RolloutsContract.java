package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.impl.rollout.RolloutEngine;
import io.patchbay.server.impl.store.RolloutRecords.ErrorKind;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.GroupState;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.Spec;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.Deployment;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.UpdatePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rollouts in the store: refusals, operator transitions, assignment order, roll-forward, and racing evaluators. */
interface RolloutsContract extends RolloutFixture {
    @Test
    default void refusalsNameTheirReasonAndWriteNothing() throws Exception {
        List<Agent> agents = agents("stable", 2);
        String other = enrollNew("beta").id();
        release("r1");
        String a = agents.get(0).id;
        assertEquals("unknown_release", assertThrows(NotFoundException.class, () -> rollouts().create(
                RolloutFixture.simple("nope", "stable", GroupSpec.percent(10)), "op")).code());
        assertEquals("unknown_client", assertThrows(NotFoundException.class, () -> rollouts().create(
                RolloutFixture.simple("r1", "stable", GroupSpec.clients(List.of("ghost"))), "op")).code());
        assertEquals("client_not_in_channel", assertThrows(ConflictException.class, () -> rollouts().create(
                RolloutFixture.simple("r1", "stable", GroupSpec.clients(List.of(other))), "op")).code());
        for (Spec bad : List.of(RolloutFixture.simple("r1", "stable", GroupSpec.percent(50), GroupSpec.percent(50)),
                RolloutFixture.simple("r1", "stable", GroupSpec.percent(0)),
                RolloutFixture.simple("r1", "stable", GroupSpec.percent(101)),
                RolloutFixture.simple("r1", "stable", new GroupSpec(10, List.of(a))),
                RolloutFixture.simple("r1", "stable", new GroupSpec(null, null)),
                RolloutFixture.simple("r1", "stable", GroupSpec.clients(List.of())),
                RolloutFixture.simple("r1", "stable", GroupSpec.clients(List.of(a)), GroupSpec.clients(List.of(a))),
                RolloutFixture.simple("r1", "stable"),
                RolloutFixture.simple("r1", "no channel!", GroupSpec.percent(10)),
                RolloutFixture.spec("r1", "stable", 0, 1, ErrorKind.COUNT, Duration.ZERO, GroupSpec.percent(10)),
                RolloutFixture.spec("r1", "stable", 100, 101, ErrorKind.PERCENT, Duration.ZERO, GroupSpec.percent(10)),
                RolloutFixture.spec("r1", "stable", 100, 0, ErrorKind.COUNT, Duration.ZERO, GroupSpec.percent(10)),
                RolloutFixture.spec("r1", "stable", 100, 1, ErrorKind.COUNT, Duration.ofDays(8), GroupSpec.percent(10)),
                new Spec("x".repeat(65), "r1", "stable", List.of(GroupSpec.percent(10)), 100, 1, ErrorKind.COUNT,
                        Duration.ZERO, ActionType.FORCED, UpdatePolicy.NOW),
                new Spec("n", "r1", "stable", List.of(GroupSpec.percent(10)), 100, 1, ErrorKind.COUNT,
                        Duration.ZERO, ActionType.TIME_FORCED, UpdatePolicy.NOW),
                new Spec("n", "r1", "stable", List.of(GroupSpec.percent(10)), 100, 1, ErrorKind.COUNT,
                        Duration.ZERO, ActionType.FORCED, UpdatePolicy.DEADLINE))) {
            assertThrows(InvalidInputException.class, () -> rollouts().create(bad, "op"), bad.toString());
        }
        List<GroupSpec> tooMany = IntStream.rangeClosed(1, 101).mapToObj(i -> GroupSpec.percent(Math.min(i, 100)))
                .toList();
        LimitExceededException groups = assertThrows(LimitExceededException.class, () -> rollouts().create(
                RolloutFixture.simple("r1", "stable", tooMany.toArray(GroupSpec[]::new)), "op"));
        assertEquals(RolloutRules.MAX_GROUPS, groups.limit());
        List<String> huge = IntStream.range(0, RolloutRules.MAX_GROUP_CLIENTS + 1).mapToObj(i -> "c" + i).toList();
        assertThrows(LimitExceededException.class, () -> rollouts().create(
                RolloutFixture.simple("r1", "stable", GroupSpec.clients(huge)), "op"));
        assertEquals(0, count("rollouts"));
        assertEquals(0, count("rollout_groups"));

        rollouts().create(RolloutFixture.simple("r1", "stable", GroupSpec.percent(100)), "op");
        release("r2");
        assertEquals("rollout_open", assertThrows(ConflictException.class, () -> rollouts().create(
                RolloutFixture.simple("r2", "stable", GroupSpec.percent(100)), "op")).code());
        deployments().create(ReleasesContract.toChannel("r2", "beta"), "op");
        assertEquals("duplicate_deployment", assertThrows(ConflictException.class, () -> rollouts().create(
                RolloutFixture.simple("r2", "beta", GroupSpec.percent(100)), "op")).code());
        assertEquals(1, count("rollouts"));
        assertEquals("unknown_rollout", assertThrows(NotFoundException.class, () -> rollouts().pause("nope", "op"))
                .code());
    }

    @Test
    default void twoNodesCreatingARolloutForOneChannelAtOnceGetOne() throws Exception {
        agents("stable", 2);
        release("r1");
        List<Future<Rollout>> results = StoreFixture.race(4, () -> rollouts().create(
                RolloutFixture.simple("r1", "stable", GroupSpec.percent(100)), "op"));
        int created = 0;
        for (Future<Rollout> result : results) {
            try {
                result.get();
                created++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof io.patchbay.server.store.StoreException, e.toString());
            }
        }
        assertEquals(1, created);
        assertEquals(1, count("rollouts"));
        String id = rollouts().list(1).get(0).id();
        rollouts().cancel(id, "op");
        rollouts().create(RolloutFixture.simple("r1", "stable", GroupSpec.percent(100)), "op"); // closed: free again
    }

    @Test
    default void pauseHoldsTheNextGroupResumeReleasesItCancelStopsEverything() throws Exception {
        List<Agent> agents = agents("stable", 4);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r1", "stable",
                GroupSpec.clients(List.of(agents.get(0).id)), GroupSpec.clients(List.of(agents.get(1).id)),
                GroupSpec.percent(100)));
        rollouts().pause(rollout.id(), "op");
        assertEquals("rollout_paused", assertThrows(ConflictException.class,
                () -> rollouts().pause(rollout.id(), "op")).code());
        tick(engine, agents.get(0));
        assertEquals(1, agents.get(0).level, "the running group keeps going while paused");
        assertEquals(GroupState.RUNNING, group(rollout.id(), 0).state());
        assertEquals(GroupState.SCHEDULED, group(rollout.id(), 1).state(), "no next group while paused");
        assertEquals(State.PAUSED, view(rollout.id()).rollout().state());

        rollouts().resume(rollout.id(), "op");
        engine.evaluate(rollout.id(), false);
        assertEquals(GroupState.RUNNING, group(rollout.id(), 1).state());
        String running = group(rollout.id(), 1).deploymentId();

        rollouts().cancel(rollout.id(), "op");
        var view = view(rollout.id());
        assertEquals(State.CANCELLED, view.rollout().state());
        assertEquals(List.of(GroupState.FINISHED, GroupState.CANCELLED, GroupState.CANCELLED),
                view.groups().stream().map(RolloutRecords.Group::state).toList());
        assertTrue(deployments().find(running).orElseThrow().cancelledAt() != null);
        assertTrue(deployments().assignmentFor(agents.get(1).id).isEmpty(), "its client is no longer assigned r1");
        assertEquals("r1", deployments().assignmentFor(agents.get(0).id).orElseThrow().release().id(),
                "a client that committed keeps its release");
        assertEquals("rollout_cancelled", assertThrows(ConflictException.class,
                () -> rollouts().resume(rollout.id(), "op")).code());
        engine.evaluate(rollout.id(), true);
        assertEquals(State.CANCELLED, view(rollout.id()).rollout().state());
        List<String> kinds = view(rollout.id()).events().stream().map(RolloutRecords.Event::kind)
                .filter(k -> !k.equals("PROGRESS")).toList();
        assertEquals(List.of("CREATED", "GROUP_STARTED", "PAUSED", "RESUMED", "GROUP_FINISHED", "GROUP_STARTED",
                "CANCELLED"), kinds);
    }

    @Test
    default void aRolloutGroupRanksWithChannelDeploymentsNotAboveThem() throws Exception {
        List<Agent> agents = agents("stable", 3);
        release("r1");
        Deployment channel = deployments().create(ReleasesContract.toChannel("r1", "stable"), "op");
        release("r2");
        Deployment pinned = deployments().create(ReleasesContract.toClients("r1", List.of(agents.get(2).id)), "op");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r2", "stable",
                GroupSpec.clients(List.of(agents.get(0).id, agents.get(2).id))));
        String group = group(rollout.id(), 0).deploymentId();
        assertEquals(List.of(agents.get(0).id), deployments().find(group).orElseThrow().spec().clientIds(),
                "a client pinned by an operator's explicit deployment is not selected");
        assertEquals(group, deployments().assignmentFor(agents.get(0).id).orElseThrow().deployment().id(),
                "newer than the channel's");
        assertEquals(channel.id(), deployments().assignmentFor(agents.get(1).id).orElseThrow().deployment().id());
        assertEquals(pinned.id(), deployments().assignmentFor(agents.get(2).id).orElseThrow().deployment().id());
        release("r3");
        Deployment later = deployments().create(ReleasesContract.toChannel("r3", "stable"), "op");
        assertEquals(later.id(), deployments().assignmentFor(agents.get(0).id).orElseThrow().deployment().id(),
                "a later channel deployment reaches the rollout's clients");
        assertEquals(List.of(), fleetLag().lagging(null, 10).stream()
                .filter(l -> !l.deploymentId().equals(later.id()) && !l.deploymentId().equals(pinned.id())).toList(),
                "the lagging view ranks the same way");
    }

    @Test
    default void aHaltedRolloutRollsForwardNeverBack() throws Exception {
        List<Agent> agents = agents("stable", 3);
        release("r1");
        deployments().create(ReleasesContract.toChannel("r1", "stable"), "op");
        release("r2");
        RolloutEngine engine = engine();
        Rollout rollout = rollouts().create(RolloutFixture.spec("r2", "stable", 100, 1, ErrorKind.COUNT,
                Duration.ofMinutes(30), GroupSpec.clients(agents.stream().map(a -> a.id).toList())), "op");
        assertEquals("r1", rollout.previousReleaseId());
        assertEquals("rollout_running", assertThrows(ConflictException.class,
                () -> rollback().rollBack(rollout.id(), "op")).code());
        engine.evaluate(rollout.id(), false);
        for (Agent agent : agents) {
            agent.level = 1;
        }
        agents.get(2).outcome = InstallState.ROLLED_BACK;
        tick(engine, agents.get(0));
        tick(engine, agents.get(1));
        tick(engine, agents.get(2));
        assertEquals(State.HALTED, view(rollout.id()).rollout().state());

        ConflictException refused = assertThrows(ConflictException.class,
                () -> rollback().rollBack(rollout.id(), "op"));
        assertEquals("no_previous_release", refused.code(), "no COMMITTED report of r1: nothing to go back to");
        refused = assertThrows(ConflictException.class, () -> rollback().rollForward(rollout.id(), "r1", "op"));
        assertEquals("downgrade_refused", refused.code());
        assertTrue(refused.getMessage().contains("roll back without naming a release"), refused.getMessage());
        release("r1-fix");
        String fix = rollback().rollForward(rollout.id(), "r1-fix", "op");
        Deployment deployment = deployments().find(fix).orElseThrow();
        List<String> committed = new ArrayList<>(List.of(agents.get(0).id, agents.get(1).id));
        Collections.sort(committed);
        assertEquals(committed, deployment.spec().clientIds(), "only the clients that committed r2");
        assertEquals(fix, deployments().assignmentFor(agents.get(0).id).orElseThrow().deployment().id());
        assertEquals(fix, view(rollout.id()).rollout().rollbackDeploymentId());
        assertEquals("already_rolled_back", assertThrows(ConflictException.class,
                () -> rollback().rollForward(rollout.id(), "r1-fix", "op")).code());
    }

    @Test
    default void twoEvaluatorsRacingAdvanceOnce() throws Exception {
        List<Agent> agents = agents("stable", 6);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r1", "stable",
                GroupSpec.clients(List.of(agents.get(0).id)), GroupSpec.percent(100)));
        // the canary commits without triggering an evaluation; then several nodes evaluate at once
        installReports().record(new io.patchbay.server.store.InstallReport(agents.get(0).id, 1, InstallState.COMMITTED,
                null, List.of(), null, clock().instant(), group(rollout.id(), 0).deploymentId(), null, null), null);
        List<Future<RolloutProgress.Step>> results = StoreFixture.race(4, () -> engine().evaluate(rollout.id(), true));
        int advanced = 0;
        for (Future<RolloutProgress.Step> result : results) {
            try {
                if (result.get().kind() == RolloutProgress.Step.Kind.ADVANCED) {
                    advanced++;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // a node whose transaction lost a lock race gives up; the winner did the work
            }
        }
        assertTrue(advanced <= 1, "advanced " + advanced + " times");
        engine.evaluate(rollout.id(), false);
        assertEquals(2, count("rollout_groups"));
        assertEquals(1, column("SELECT id FROM deployments WHERE rollout_id = '" + rollout.id() + "' AND id <> '"
                + group(rollout.id(), 0).deploymentId() + "'").size(), "one deployment for group 2");
        assertEquals(2, view(rollout.id()).events().stream().filter(e -> e.kind().equals("GROUP_STARTED")).count());
        assertEquals(1, view(rollout.id()).events().stream().filter(e -> e.kind().equals("GROUP_FINISHED")).count());
        assertNotEquals(GroupState.SCHEDULED, group(rollout.id(), 1).state());
    }
}
