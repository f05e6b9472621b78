package io.patchbay.agent.osgi;

import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.spi.HealthCheck;
import io.patchbay.policy.api.AgentControl;
import io.patchbay.policy.api.CommitPoint;
import io.patchbay.policy.api.HostCallbacks;
import java.io.File;
import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the update agent inside the container. Start reads {@link AgentSettings} (framework properties) and tracks
 * {@link PatchService}: while one is registered, exactly one agent runs against it (the highest ranked service);
 * when it goes away the agent stops, and a new registration starts a fresh one. The host's {@link HostCallbacks}
 * and {@link CommitPoint} services (registered with {@code Patchbay.builder().hostService(...)}) are looked up each
 * time an agent starts; absent, the safe defaults apply (every policy needing a callback waits).
 *
 * <p>Stop ends everything the agent started (scheduler thread, policy engine, commit-point hook) before it
 * returns, so an update of this bundle, which the runtime performs by stopping the old revision, leaves no old agent
 * running beside the new one. That stop runs on the runtime's swap thread while the swap the old agent submitted is
 * running; the agent never waits for its swaps (see {@code DeploymentController}), so the stop finds its thread
 * idle or in a short request, waits for a report in flight, and interrupts the rest.
 *
 * <p>The bundle registers a {@link HealthCheck}: unhealthy when an agent could not be started against the bound
 * {@code PatchService} (its configuration or data directory is unusable). A swap that brings a new agent revision
 * therefore commits only if the new agent runs; otherwise the runtime rolls back to the old revision, which starts
 * again and reports the failure from the swap history.
 */
public final class AgentActivator implements BundleActivator {
    private static final Logger LOG = LoggerFactory.getLogger(AgentActivator.class);

    private ServiceTracker<PatchService, PatchService> tracker;
    private ServiceRegistration<HealthCheck> health;

    @Override
    public void start(BundleContext context) {
        File dataArea = context.getDataFile("");
        if (dataArea == null) {
            throw new IllegalStateException("the container gives the agent bundle no data area; set "
                    + AgentSettings.DATA);
        }
        AgentSettings settings = AgentSettings.read(context::getProperty, dataArea.toPath());
        Binding binding = new Binding(context, settings);
        tracker = new ServiceTracker<>(context, PatchService.class, binding);
        tracker.open();
        health = context.registerService(HealthCheck.class, binding::health, null);
    }

    @Override
    public void stop(BundleContext context) {
        if (health != null) {
            health.unregister();
            health = null;
        }
        if (tracker != null) {
            tracker.close(); // removedService for the bound PatchService: the agent stops there
            tracker = null;
        }
    }

    /** Binds one agent to one PatchService at a time. */
    private static final class Binding implements ServiceTrackerCustomizer<PatchService, PatchService> {
        private final BundleContext context;
        private final AgentSettings settings;
        private ServiceReference<PatchService> bound;
        private RunningAgent agent;
        /** The running agent as the host's {@link AgentControl}: registered while {@link #agent} runs. */
        private ServiceRegistration<AgentControl> control;
        /** Why the last agent did not start, or null. */
        private volatile String notStarted;

        Binding(BundleContext context, AgentSettings settings) {
            this.context = context;
            this.settings = settings;
        }

        @Override
        public synchronized PatchService addingService(ServiceReference<PatchService> reference) {
            PatchService patches = context.getService(reference);
            if (patches != null && agent == null) {
                bind(reference, patches);
            }
            return patches;
        }

        @Override
        public void modifiedService(ServiceReference<PatchService> reference, PatchService service) {
        }

        @Override
        public synchronized void removedService(ServiceReference<PatchService> reference, PatchService service) {
            if (reference.equals(bound)) {
                unbind();
            }
            context.ungetService(reference);
        }

        private void bind(ServiceReference<PatchService> reference, PatchService patches) {
            String version = context.getBundle().getVersion().toString();
            try {
                agent = RunningAgent.start(settings, patches, service(HostCallbacks.class), service(CommitPoint.class),
                        Map.of("agentVersion", version, "agentBundle", context.getBundle().getSymbolicName()));
                bound = reference;
                notStarted = null;
                control = context.registerService(AgentControl.class, agent, null);
                LOG.info("update agent {} started", version);
            } catch (RuntimeException e) {
                // a broken configuration must not fail the container's start (one clear line instead); during a
                // swap that brings this revision, the health check below rolls it back
                notStarted = e.getMessage();
                LOG.warn("update agent {} not started: {}", version, e.getMessage());
            }
        }

        HealthCheck.Result health() {
            String why = notStarted;
            return why == null ? HealthCheck.Result.ok()
                    : HealthCheck.Result.failed("update agent " + context.getBundle().getVersion() + " not started: "
                    + why);
        }

        private void unbind() {
            if (control != null) {
                control.unregister(); // first: no host call reaches an agent that is stopping
                control = null;
            }
            RunningAgent stopping = agent;
            agent = null;
            bound = null;
            if (stopping != null && !stopping.stop()) {
                LOG.warn("update agent: a running check did not end within {}", RunningAgent.STOP_TIMEOUT);
            }
        }

        private <T> T service(Class<T> type) {
            ServiceReference<T> reference = context.getServiceReference(type);
            return reference == null ? null : context.getService(reference);
        }
    }
}
