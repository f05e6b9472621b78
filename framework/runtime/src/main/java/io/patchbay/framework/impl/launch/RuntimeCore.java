package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.PatchbayConfig;
import io.patchbay.framework.impl.access.AccessPoints;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.event.SwapEvents;
import io.patchbay.framework.impl.health.HealthGate;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.swap.SwapEngine;
import io.patchbay.framework.impl.verify.PublisherGate;
import io.patchbay.framework.impl.verify.RevisionGate;
import io.patchbay.framework.impl.verify.SignerTrust;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Patchbay runs on one framework, embedded or attached: the gate (registered as a resolver hook before
 * anything can resolve), the host services, recovery, the swap engine and the service access points.
 */
final class RuntimeCore {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCore.class);
    /** Bounds a refresh; generous, since only a deadlocked framework takes this long. */
    static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(60);

    final PatchbayConfig config;
    final SwapEvents events;
    final SwapEngine engine;
    final AccessPoints access;
    final BundleContext context;
    private final Recovery recovery;
    private final HealthGate health;
    private final Journal journal;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    RuntimeCore(PatchbayConfig config, BundleContext context, Journal journal, BundleStore store, DataLayout layout,
                boolean exemptExistingBundles) {
        this.config = config;
        this.context = context;
        this.journal = journal;
        PublisherGate publisherGate = new PublisherGate(layout.tmp(), new SignerTrust(config.publisherTrust(), config.clock()));
        RevisionGate revisionGate = new RevisionGate(publisherGate);
        if (exemptExistingBundles) {
            revisionGate.exempt(context.getBundles());
        }
        registrations.add(context.registerService(ResolverHookFactory.class, revisionGate, null));
        for (PatchbayConfig.HostService<?> hostService : config.hostServices()) {
            registrations.add(context.registerService(hostService.type().getName(), hostService.service(),
                    new Hashtable<>(hostService.properties())));
        }
        Container container = new Container(context, revisionGate::admit, REFRESH_TIMEOUT);
        this.events = new SwapEvents(config.clock());
        this.health = new HealthGate(context);
        this.recovery = new Recovery(container, store, journal, publisherGate, config.clock(), config.initialBundles());
        this.engine = new SwapEngine(publisherGate, store, journal, container, health, events, config.clock(),
                config.healthTimeout());
        this.access = new AccessPoints(context, config.serviceWaitTimeout());
    }

    void recover() throws BundleException, IOException {
        recovery.run();
        engine.reloadLevel();
    }

    void startCommitted() {
        recovery.startCommitted(engine.level());
        LOG.info("Patchbay running at level {} ({} bundle(s))", engine.level().sequence(), engine.level().bundles().size());
    }

    /** Closes the access points and the health gate; {@code unregister} also removes the hook and host services. */
    void close(boolean unregister) {
        access.close();
        health.close();
        if (unregister) {
            for (ServiceRegistration<?> registration : registrations) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework or the registering bundle stopped first
                }
            }
        }
    }

    Journal journal() {
        return journal;
    }
}
