package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayConfig;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.framework.api.SwapListener;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.store.DurableFiles;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Patchbay runtime, either owning an embedded Felix ({@link #start}) or attached to a running framework
 * ({@link #attach}). Start-up order matters: {@code Framework.init()} (nothing starts), resolver hook, recovery
 * and reconciliation, then {@code Framework.start()} and the committed bundles, so no patch-managed bundle ever
 * starts at an uncommitted version.
 */
public final class EmbeddedPatchbay implements Patchbay {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPatchbay.class);
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final Framework framework;
    private final RuntimeCore core;
    private final DataDirectoryLock lock;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private EmbeddedPatchbay(Framework framework, RuntimeCore core, DataDirectoryLock lock) {
        this.framework = framework;
        this.core = core;
        this.lock = lock;
    }

    public static Patchbay start(PatchbayConfig config) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDirectory());
        Journal journal = null;
        try {
            DataLayout layout = DataLayout.prepare(config.dataDirectory());
            journal = Journal.open(layout.journal());
            BundleStore store = new BundleStore(layout.store(), new DurableFiles());
            for (int attempt = 1; ; attempt++) {
                Framework framework = FelixLauncher.create(config, layout);
                RuntimeCore core = null;
                try {
                    framework.init();
                    core = new RuntimeCore(config, framework.getBundleContext(), journal, store, layout, false);
                    core.recover();
                    framework.start();
                    core.startCommitted();
                    return new EmbeddedPatchbay(framework, core, lock);
                } catch (PatchbayException e) {
                    discard(framework, core);
                    throw e;
                } catch (BundleException | IOException | RuntimeException e) {
                    discard(framework, core);
                    if (attempt > 1) {
                        throw new PatchbayException("cannot start the container even on an empty cache: " + e.getMessage(), e);
                    }
                    LOG.warn("container cache {} is unreadable or inconsistent ({}); wiping it and reinstalling the "
                            + "committed set from the store", layout.felixCache(), e.toString());
                    wipe(layout);
                }
            }
        } catch (RuntimeException e) {
            if (journal != null) {
                journal.close();
            }
            lock.close();
            throw e;
        }
    }

    public static Patchbay attach(PatchbayConfig config, BundleContext context) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDirectory());
        Journal journal = null;
        RuntimeCore core = null;
        try {
            DataLayout layout = DataLayout.prepare(config.dataDirectory());
            journal = Journal.open(layout.journal());
            BundleStore store = new BundleStore(layout.store(), new DurableFiles());
            core = new RuntimeCore(config, context, journal, store, layout, true);
            core.recover();
            core.startCommitted();
            return new EmbeddedPatchbay(null, core, lock);
        } catch (BundleException | IOException | RuntimeException e) {
            if (core != null) {
                core.close(true);
            }
            if (journal != null) {
                journal.close();
            }
            lock.close();
            throw e instanceof PatchbayException p ? p : new PatchbayException("cannot attach: " + e.getMessage(), e);
        }
    }

    private static void discard(Framework framework, RuntimeCore core) {
        if (core != null) {
            core.close(false);
        }
        stopFramework(framework);
    }

    private static void wipe(DataLayout layout) {
        try {
            DataLayout.deleteTree(layout.felixCache());
        } catch (IOException e) {
            throw new PatchbayException("cannot wipe container cache " + layout.felixCache() + ": " + e.getMessage(), e);
        }
    }

    private static void stopFramework(Framework framework) {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MILLIS);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.error("the container did not stop within {} ms", STOP_TIMEOUT_MILLIS);
            }
        } catch (BundleException | RuntimeException e) {
            LOG.warn("stopping the container failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while waiting for the container to stop");
        }
    }

    @Override
    public SwapResult apply(Patch patch) {
        requireRunning();
        return core.engine.apply(patch);
    }

    @Override
    public PatchLevel patchLevel() {
        return core.engine.level();
    }

    @Override
    public <T> ServiceAccess<T> service(Class<T> type) {
        requireRunning();
        return core.access.forType(type);
    }

    @Override
    public void addListener(SwapListener listener) {
        core.events.add(listener);
    }

    @Override
    public void removeListener(SwapListener listener) {
        core.events.remove(listener);
    }

    @Override
    public BundleContext bundleContext() {
        return core.context;
    }

    /** Waits for a running swap to end, then stops; an attached runtime leaves the framework running. */
    @Override
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        core.engine.exclusively(() -> {
            core.close(framework == null);
            if (framework != null) {
                stopFramework(framework);
            }
            core.journal().close();
            lock.close();
        });
        LOG.info("Patchbay stopped");
    }

    private void requireRunning() {
        if (stopped.get()) {
            throw new IllegalStateException("the Patchbay runtime is stopped");
        }
    }
}
