package io.patchbay.server.impl.rollout;

import io.patchbay.server.impl.admin.AdminAuth;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.store.AdminTokens;
import io.patchbay.server.impl.store.RolloutProgress;
import io.patchbay.server.impl.store.RolloutRollback;
import io.patchbay.server.impl.store.Rollouts;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Staged rollouts on one node: the engine (a device API observer and a housekeeping task) and the admin routes. */
public final class RolloutModule {
    /** How often the housekeeping timer evaluates every running rollout (soaks end and clients enroll in between). */
    public static final Duration EVALUATE_PERIOD = Duration.ofSeconds(15);

    private final RolloutEngine engine;
    private final Map<String, Route> routes;

    public RolloutModule(Database database, Clock clock) {
        Rollouts rollouts = new Rollouts(database, clock);
        engine = new RolloutEngine(rollouts, new RolloutProgress(database, clock), clock);
        routes = new RolloutApi(new AdminAuth(new AdminTokens(database, clock)), rollouts,
                new RolloutRollback(database, clock), engine).routes();
    }

    public RolloutEngine engine() {
        return engine;
    }

    public Map<String, Route> routes() {
        return routes;
    }

    /** The housekeeping task: evaluates every running or paused rollout; never throws. */
    public Runnable housekeeping() {
        return engine::evaluateAll;
    }
}
