package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.PatchbayConfig;
import io.patchbay.framework.impl.access.AccessPoints;
import io.patchbay.framework.impl.container.BoundedOperations;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.event.SwapEvents;
import io.patchbay.framework.impl.feature.FeatureGuard;
import io.patchbay.framework.impl.health.HealthGate;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.restore.CommittedBundles;
import io.patchbay.framework.impl.restore.Restorer;
import io.patchbay.framework.impl.service.HistoryReader;
import io.patchbay.framework.impl.service.RuntimePatchService;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.swap.HistorySink;
import io.patchbay.framework.impl.swap.SwapEngine;
import io.patchbay.framework.impl.swap.SwapParts;
import io.patchbay.framework.impl.verify.PublisherGate;
import io.patchbay.framework.impl.verify.RevisionGate;
import io.patchbay.framework.impl.verify.SignerTrust;
import io.patchbay.framework.impl.verify.VerifyLimits;
import io.patchbay.framework.spi.CallDrain;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Patchbay runs on one framework, embedded or attached: the gate (registered as a resolver hook before
 * anything can resolve; it holds back unlicensed bundles too), the host services, recovery, the swap engine, the patch
 * service, the service access points and their call drain.
 */
final class RuntimeCore {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCore.class);

    final PatchbayConfig config;
    final SwapEvents events;
    final SwapEngine engine;
    final AccessPoints access;
    final BundleContext context;
    final RuntimePatchService patches;
    private final Recovery recovery;
    private final HealthGate health;
    private final BoundedOperations operations;
    private final Journal journal;
    private final FeatureGuard features;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    <H extends HistorySink & HistoryReader> RuntimeCore(PatchbayConfig config, BundleContext context, Journal journal,
                                                        BundleStore store, DataLayout layout, H history,
                                                        boolean exemptExistingBundles) {
        this.config = config;
        this.context = context;
        this.journal = journal;
        PublisherGate publisherGate = new PublisherGate(new SignerTrust(config.publisherTrust(), config.clock()),
                VerifyLimits.DEFAULTS.withMaxJarBytes(config.maxBundleBytes()));
        this.features = new FeatureGuard(context);
        RevisionGate revisionGate = new RevisionGate(publisherGate, features);
        if (exemptExistingBundles) {
            revisionGate.exempt(context.getBundles());
        }
        registrations.add(context.registerService(ResolverHookFactory.class, revisionGate, null));
        for (PatchbayConfig.HostService<?> hostService : config.hostServices()) {
            registrations.add(context.registerService(hostService.type().getName(), hostService.service(),
                    new Hashtable<>(hostService.properties())));
        }
        this.operations = new BoundedOperations(config.operationTimeout());
        Container container = new Container(context, revisionGate::admit, operations, features);
        CommittedBundles committed = new CommittedBundles(store, publisherGate, container);
        Restorer restorer = new Restorer(container, committed);
        this.events = new SwapEvents(config.clock());
        this.health = new HealthGate(context);
        this.recovery = new Recovery(container, restorer, store, journal, publisherGate, history, config.clock(),
                config.initialBundles());
        this.engine = new SwapEngine(new SwapParts(publisherGate, store, journal, container, committed, restorer,
                health, history, events, config.clock(), config.healthTimeout(), config.recoveryRetry()));
        this.access = new AccessPoints(context, config.serviceWaitTimeout());
        registrations.add(context.registerService(CallDrain.class, access.counts(), null));
        this.patches = new RuntimePatchService(engine, history, health, config.clock(), config.healthTimeout());
    }

    void recover() throws Exception {
        recovery.run();
        engine.reloadLevel();
    }

    /** Starts the committed bundles, then offers the patch service to them. */
    void startCommitted() {
        recovery.startCommitted(engine.level());
        registrations.add(context.registerService(PatchService.class, patches, null));
        LOG.info("Patchbay running at level {} ({} bundle(s))", engine.level().sequence(), engine.level().bundles().size());
    }

    /**
     * Stops taking swaps and closes what runs on the runtime's own threads; {@code unregister} also removes the hook,
     * the host services and the patch service (an embedded framework drops them itself when it stops).
     */
    void close(boolean unregister) {
        patches.close();
        engine.close();
        access.close();
        health.close();
        operations.close();
        features.close();
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
