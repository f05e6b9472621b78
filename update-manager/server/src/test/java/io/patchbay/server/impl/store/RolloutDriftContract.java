package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.impl.rollout.RolloutEngine;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.GroupState;
import io.patchbay.server.impl.store.RolloutRecords.Rollout;
import io.patchbay.server.impl.store.RolloutRecords.State;
import io.patchbay.server.impl.store.RolloutRecords.View;
import io.patchbay.server.store.InstallState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rollouts whose release reaches their hosts another way: an operator deploys the same release by hand to the
 * channel while the rollout runs. The channel's newer deployment outranks the group's, so a host installs it
 * through that one and never reports for the group's deployment.
 */
interface RolloutDriftContract extends RolloutFixture {
    @Test
    default void aHostThatCommitsTheReleaseThroughADeploymentByHandCountsAsSucceeded() throws Exception {
        List<Agent> agents = agents("stable", 3);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r1", "stable",
                GroupSpec.clients(List.of(agents.get(0).id)), GroupSpec.percent(100)));
        assertEquals(1, view(rollout.id()).counts().get(0).size());
        String byHand = deployments().create(ReleasesContract.toChannel("r1", "stable"), "op").id();
        assertEquals(byHand, deployments().assignmentFor(agents.get(0).id).orElseThrow().deployment().id(),
                "the newer channel deployment outranks the group's");

        tick(engine, agents.get(0)); // commits r1 through the deployment by hand
        engine.evaluateAll(); // the periodic evaluation (a report for another deployment names no rollout)
        View view = view(rollout.id());
        assertEquals(1, view.counts().get(0).succeeded(), "not stuck waiting for a report that never comes");
        assertEquals(GroupState.FINISHED, view.groups().get(0).state());
        assertEquals(GroupState.RUNNING, view.groups().get(1).state());

        tickAll(engine, agents);
        tickAll(engine, agents);
        assertEquals(State.FINISHED, view(rollout.id()).rollout().state());
        assertTrue(agents.stream().allMatch(a -> a.level == 1));
    }

    @Test
    default void aFailureOfTheReleaseThroughADeploymentByHandHaltsTheRollout() throws Exception {
        List<Agent> agents = agents("stable", 2);
        release("r1");
        RolloutEngine engine = engine();
        Rollout rollout = start(engine, RolloutFixture.simple("r1", "stable", GroupSpec.percent(100)));
        deployments().create(ReleasesContract.toChannel("r1", "stable"), "op");
        agents.get(0).outcome = InstallState.ROLLED_BACK;
        tick(engine, agents.get(0));
        engine.evaluateAll();
        View view = view(rollout.id());
        assertEquals(State.HALTED, view.rollout().state(), "the same release failed on a host of the group");
        assertTrue(view.rollout().haltReason().contains(agents.get(0).id + ": ROLLED_BACK"), view.rollout().haltReason());
    }
}
