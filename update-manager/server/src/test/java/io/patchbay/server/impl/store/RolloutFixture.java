package io.patchbay.server.impl.store;

import io.patchbay.server.impl.rollout.RolloutEngine;
import io.patchbay.server.impl.store.RolloutRecords.ErrorKind;
import io.patchbay.server.impl.store.RolloutRecords.Group;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.Spec;
import io.patchbay.server.impl.store.RolloutRecords.View;
import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.Assignment;
import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.InstallReport;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.Release;
import io.patchbay.server.store.ReleaseBundle;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.UpdatePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Rollout stores and simulated agents that check in, obey their assignment and report, as a real agent does. */
interface RolloutFixture extends StoreFixture {
    Duration POLL = Duration.ofMinutes(5);

    default Rollouts rollouts() {
        return new Rollouts(database(), clock());
    }

    default RolloutProgress progress() {
        return new RolloutProgress(database(), clock());
    }

    default RolloutEngine engine() {
        return new RolloutEngine(rollouts(), progress(), clock());
    }

    default RolloutRollback rollback() {
        return new RolloutRollback(database(), clock());
    }

    static Spec spec(String release, String channel, int success, int error, ErrorKind kind, Duration soak,
            GroupSpec... groups) {
        return new Spec("ro-" + release, release, channel, List.of(groups), success, error, kind, soak,
                ActionType.FORCED, UpdatePolicy.NOW);
    }

    /** Success 100 %, halt at the first failure, no soak. */
    static Spec simple(String release, String channel, GroupSpec... groups) {
        return spec(release, channel, 100, 1, ErrorKind.COUNT, Duration.ZERO, groups);
    }

    /** Success 100 %, halt at the first failure, a 10 minute soak. */
    static Spec soaking(String release, GroupSpec... groups) {
        return spec(release, "stable", 100, 1, ErrorKind.COUNT, Duration.ofMinutes(10), groups);
    }

    /** Creates the rollout and runs the first evaluation, which starts its first group. */
    default RolloutRecords.Rollout start(RolloutEngine engine, Spec spec) throws StoreException {
        RolloutRecords.Rollout rollout = rollouts().create(spec, "op");
        engine.evaluate(rollout.id(), false);
        return rollout;
    }

    default Release release(String id) throws StoreException {
        String sha = String.format("%064x", id.hashCode() & 0xffffffffL);
        return releases().create(id, List.of(new ReleaseBundle("bundles/io.example." + id + "/1.0.0/" + sha + ".jar",
                "io.example." + id, "1.0.0", sha, 10)), "op", level -> { });
    }

    default View view(String id) throws StoreException {
        return rollouts().view(id);
    }

    default Group group(String rolloutId, int index) throws StoreException {
        return view(rolloutId).groups().get(index);
    }

    /** A host: the level it runs, what its next install does, and the health its checks report. */
    final class Agent {
        final String id;
        long level;
        InstallState outcome = InstallState.COMMITTED;
        String health = "UP";
        String failing = "";
        final Set<String> tried = new HashSet<>();

        Agent(String id) {
            this.id = id;
        }
    }

    default List<Agent> agents(String channel, int count) throws StoreException {
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            agents.add(new Agent(enrollNew(channel).id()));
        }
        return agents;
    }

    /**
     * One poll of a simulated agent: check-in (with its health facts), then, if assigned a release above its level
     * that it did not try yet, the install and its final report. The device API calls the engine the same way.
     *
     * @return the sleep hint the check-in reply would carry
     */
    default Duration tick(RolloutEngine engine, Agent agent) throws StoreException {
        String facts = "{\"health\":\"" + agent.health + "\",\"health.failing\":\"" + agent.failing
                + "\",\"health.at\":\"" + clock().instant() + "\"}";
        checkIns().record(new CheckIn(agent.id, agent.level, List.of(), facts, null));
        Duration hint = engine.checkedIn(agent.id, facts, POLL);
        Optional<Assignment> assigned = deployments().assignmentFor(agent.id);
        if (assigned.isPresent() && assigned.get().release().level() > agent.level
                && agent.tried.add(assigned.get().deployment().id())) {
            String deployment = assigned.get().deployment().id();
            long level = assigned.get().release().level();
            installReports().record(new InstallReport(agent.id, level, agent.outcome, null, List.of(), null,
                    clock().instant(), deployment, null, null), null);
            if (agent.outcome == InstallState.COMMITTED) {
                agent.level = level;
            }
            engine.reported(agent.id, deployment, agent.outcome);
        }
        return hint;
    }

    default void tickAll(RolloutEngine engine, List<Agent> agents) throws StoreException {
        for (Agent agent : agents) {
            tick(engine, agent);
        }
    }

    default Agent find(List<Agent> agents, String id) {
        return agents.stream().filter(a -> a.id.equals(id)).findFirst().orElseThrow();
    }
}
