package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.impl.rollout.RolloutEngine;
import io.patchbay.server.impl.store.RolloutRecords.ErrorKind;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.GroupState;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.impl.store.RolloutRecords.View;
import io.patchbay.server.store.InstallState;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rollouts driven by simulated agents through the store and the engine (as the device API drives it). */
interface RolloutEngineContract extends RolloutFixture {
    @Test
    default void groupsAdvanceOnTheirSuccessThresholdAndTheLastOneHandsOverToTheChannel() throws Exception {
        List<Agent> agents = agents("stable", 40);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r1", "stable",
                GroupSpec.clients(List.of(agents.get(0).id)), GroupSpec.percent(50), GroupSpec.percent(100)));
        View view = view(rollout.id());
        assertEquals(GroupState.RUNNING, view.groups().get(0).state());
        assertEquals(1, view.counts().get(0).size());
        assertEquals(GroupState.SCHEDULED, view.groups().get(1).state());

        tick(engine, agents.get(0)); // the explicit canary commits, so group 2 starts at once
        view = view(rollout.id());
        assertEquals(GroupState.FINISHED, view.groups().get(0).state());
        assertEquals(GroupState.RUNNING, view.groups().get(1).state());
        int second = view.counts().get(1).size();
        assertTrue(second > 5 && second < 35, "about half of the other 39: " + second);

        tickAll(engine, agents);
        tickAll(engine, agents);
        view = view(rollout.id());
        assertEquals(State.FINISHED, view.rollout().state());
        assertEquals(39 - second, view.counts().get(2).size(), "the rest of the channel");
        assertTrue(agents.stream().allMatch(a -> a.level == 1));
        assertEquals(40, view.counts().stream().mapToInt(RolloutRecords.Counts::succeeded).sum());
        Agent late = new Agent(enrollNew("stable").id());
        tick(engine, late);
        assertEquals(1, late.level, "the finished rollout left a channel deployment for clients enrolled later");
        List<String> kinds = view.events().stream().map(RolloutRecords.Event::kind).toList();
        assertEquals("CREATED", kinds.get(0));
        assertTrue(kinds.contains("GROUP_STARTED") && kinds.contains("GROUP_FINISHED") && kinds.contains("FINISHED")
                && kinds.contains("PROGRESS"), kinds.toString());
    }

    @Test
    default void aCrashedReportCrossesTheErrorThresholdAndHaltsTheRollout() throws Exception {
        List<Agent> agents = agents("stable", 3);
        release("r1");
        var before = deployments().create(ReleasesContract.toChannel("r1", "stable"), "op");
        release("r2");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r2", "stable",
                GroupSpec.clients(List.of(agents.get(0).id, agents.get(1).id)), GroupSpec.percent(100)));
        agents.get(0).outcome = InstallState.CRASHED;
        tick(engine, agents.get(0));
        View view = view(rollout.id());
        assertEquals(State.HALTED, view.rollout().state());
        String reason = view.rollout().haltReason();
        assertTrue(reason.contains("group 1") && reason.contains(agents.get(0).id + ": CRASHED")
                && reason.contains("1 of 2 client(s) failed"), reason);
        assertEquals(GroupState.HALTED, view.groups().get(0).state());
        assertEquals(GroupState.SCHEDULED, view.groups().get(1).state(), "the next group never starts");
        assertEquals("HALTED", view.events().stream().filter(e -> !e.kind().equals("PROGRESS"))
                .reduce((a, b) -> b).orElseThrow().kind());
        assertEquals(before.id(), deployments().assignmentFor(agents.get(1).id).orElseThrow().deployment().id(),
                "the halted group's deployment is cancelled: its pending client is back on the channel's release");
        tickAll(engine, agents);
        assertEquals(State.HALTED, view(rollout.id()).rollout().state());
        assertTrue(agents.stream().allMatch(a -> a.level == 0 || a.level == 1), "nobody installed r2");
    }

    @Test
    default void aPercentErrorThresholdToleratesFewerFailures() throws Exception {
        List<Agent> agents = agents("stable", 10);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.spec("r1", "stable", 80, 30, ErrorKind.PERCENT,
                Duration.ZERO, GroupSpec.clients(agents.stream().map(a -> a.id).toList())));
        agents.get(0).outcome = InstallState.ROLLED_BACK;
        agents.get(1).outcome = InstallState.REJECTED;
        tickAll(engine, agents);
        View view = view(rollout.id());
        assertEquals(2, view.counts().get(0).failed());
        assertEquals(8, view.counts().get(0).succeeded());
        assertEquals(State.FINISHED, view.rollout().state(), "2 of 10 failed (< 30 %), 8 succeeded (>= 80 %)");
        assertNull(view.rollout().haltReason());
    }

    @Test
    default void healthDownDuringTheSoakIsAFailureAndHalts() throws Exception {
        List<Agent> agents = agents("stable", 2);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.soaking("r1",
                GroupSpec.clients(agents.stream().map(a -> a.id).toList()),
                GroupSpec.percent(100)));
        tickAll(engine, agents);
        View view = view(rollout.id());
        assertEquals(2, view.counts().get(0).soaking(), "COMMITTED, but not a success before the soak ends");
        assertEquals(GroupState.RUNNING, view.groups().get(0).state());

        clock().advance(Duration.ofMinutes(4));
        Agent sick = agents.get(1);
        sick.health = "DOWN";
        sick.failing = "db-pool,orders";
        tick(engine, sick);
        view = view(rollout.id());
        assertEquals(State.HALTED, view.rollout().state());
        assertTrue(view.rollout().haltReason().contains(sick.id + ": health DOWN (db-pool,orders) during the soak"),
                view.rollout().haltReason());
        assertEquals(1, view.counts().get(0).failed());
        assertEquals(1, view.counts().get(0).soaking());
    }

    @Test
    default void healthDownAfterTheSoakDoesNotCount() throws Exception {
        List<Agent> agents = agents("stable", 2);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.soaking("r1", GroupSpec.clients(List.of(agents.get(0).id)),
                GroupSpec.clients(List.of(agents.get(1).id))));
        tick(engine, agents.get(0));
        clock().advance(Duration.ofMinutes(10));
        engine.evaluate(rollout.id(), false);
        assertEquals(GroupState.FINISHED, group(rollout.id(), 0).state(), "soaked for 10 minutes without DOWN");
        agents.get(0).health = "DOWN";
        tick(engine, agents.get(0));
        View view = view(rollout.id());
        assertEquals(State.RUNNING, view.rollout().state());
        assertEquals(0, view.counts().get(0).failed());
        assertEquals(1, view.counts().get(0).succeeded());
    }

    @Test
    default void aSoakingClientIsToldToCheckInSeveralTimesWithinTheSoak() throws Exception {
        List<Agent> agents = agents("stable", 1);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.soaking("r1", GroupSpec.percent(100)));
        Agent agent = agents.get(0);
        assertEquals(POLL, tick(engine, agent), "not soaking yet: it installs during this poll");
        assertEquals(Duration.ofMinutes(2), tick(engine, agent), "soak / 5");
        clock().advance(Duration.ofMinutes(9));
        assertEquals(Duration.ofMinutes(1), tick(engine, agent), "never past the soak's end");
        clock().advance(Duration.ofMinutes(1));
        assertEquals(POLL, tick(engine, agent));
        engine.evaluate(rollout.id(), false);
        assertEquals(State.FINISHED, view(rollout.id()).rollout().state());
    }

    @Test
    default void staleHealthFromBeforeTheInstallIsNotHeldAgainstIt() throws Exception {
        List<Agent> agents = agents("stable", 1);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.soaking("r1", GroupSpec.percent(100)));
        Agent agent = agents.get(0);
        tick(engine, agent);
        String stale = "{\"health\":\"DOWN\",\"health.at\":\"" + clock().instant().minusSeconds(60) + "\"}";
        engine.checkedIn(agent.id, stale, POLL);
        assertEquals(State.RUNNING, view(rollout.id()).rollout().state());
        engine.checkedIn(agent.id, "{\"health\":\"DOWN\",\"health.at\":\"not-a-time\"}", POLL);
        assertEquals(State.HALTED, view(rollout.id()).rollout().state(), "an unreadable time counts as now");
    }

    @Test
    default void clientsEnrolledLaterFallIntoTheirBucketsGroup() throws Exception {
        List<Agent> agents = agents("stable", 10);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r1", "stable", GroupSpec.percent(50),
                GroupSpec.percent(100)));
        Set<String> first = new HashSet<>(deployments().find(group(rollout.id(), 0).deploymentId()).orElseThrow()
                .spec().clientIds());
        List<Agent> late = agents("stable", 30);
        engine.evaluate(rollout.id(), true);
        Set<String> after = new HashSet<>(deployments().find(group(rollout.id(), 0).deploymentId()).orElseThrow()
                .spec().clientIds());
        assertTrue(after.containsAll(first), "nobody leaves a group");
        String seed = rollouts().list(1).get(0).seed();
        for (Agent agent : late) {
            boolean inFirst = RolloutMembers.bucket(seed, agent.id) < 5000;
            assertEquals(inFirst, after.contains(agent.id), "bucket rule for " + agent.id);
        }
        assertNotNull(seed);
    }
}
