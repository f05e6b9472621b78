package io.patchbay.agent.testing;

import io.patchbay.agent.osgi.AgentActivator;
import io.patchbay.framework.spi.HealthCheck;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Activators of broken agent revisions, copied into a test agent jar by {@link AgentBundleJar}. */
public final class BrokenAgentActivators {
    private BrokenAgentActivators() {
    }

    /** A revision whose activator throws: the bundle never becomes ACTIVE. */
    public static final class Failing implements BundleActivator {
        @Override
        public void start(BundleContext context) {
            throw new IllegalStateException("this agent revision cannot start");
        }

        @Override
        public void stop(BundleContext context) {
        }
    }

    /** A revision that starts a real agent (threads and all) but whose health check says unhealthy. */
    public static final class Unhealthy implements BundleActivator {
        private final AgentActivator agent = new AgentActivator();

        @Override
        public void start(BundleContext context) throws Exception {
            agent.start(context);
            context.registerService(HealthCheck.class, () -> HealthCheck.Result.failed("this agent revision is sick"),
                    null);
        }

        @Override
        public void stop(BundleContext context) throws Exception {
            agent.stop(context);
        }
    }
}
