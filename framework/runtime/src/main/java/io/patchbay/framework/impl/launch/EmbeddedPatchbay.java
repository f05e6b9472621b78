package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.LocalStateException;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayConfig;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.framework.api.SwapListener;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.impl.history.SwapHistory;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.store.DurableFiles;
import java.time.Duration;
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
final class EmbeddedPatchbay implements Patchbay {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPatchbay.class);

    private final Framework framework;
    private final RuntimeCore core;
    private final DataDirectoryLock lock;
    private final PersistentHistory history;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private EmbeddedPatchbay(Framework framework, RuntimeCore core, DataDirectoryLock lock, PersistentHistory history) {
        this.framework = framework;
        this.core = core;
        this.lock = lock;
        this.history = history;
    }

    static Patchbay start(PatchbayConfig config) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDirectory());
        Journal journal = null;
        PersistentHistory history = null;
        try {
            DataLayout layout = DataLayout.prepare(lock.directory());
            journal = openJournal(layout);
            history = openHistory(layout);
            BundleStore store = new BundleStore(layout.store(), new DurableFiles());
            for (int attempt = 1; ; attempt++) {
                Framework framework = FelixLauncher.create(config, layout);
                RuntimeCore core = null;
                try {
                    framework.init();
                    core = new RuntimeCore(config, framework.getBundleContext(), journal, store, layout, history, false);
                    core.recover();
                    framework.start();
                    core.startCommitted();
                    return new EmbeddedPatchbay(framework, core, lock, history);
                } catch (PatchbayException e) {
                    discard(framework, core, config.operationTimeout());
                    throw e;
                } catch (Exception | LinkageError e) {
                    discard(framework, core, config.operationTimeout());
                    if (attempt > 1) {
                        throw new PatchbayException("cannot start the container even on an empty cache: " + e.getMessage(), e);
                    }
                    LOG.warn("container cache {} is unreadable or inconsistent ({}); wiping it and reinstalling the "
                            + "committed set from the store", layout.felixCache(), e.toString());
                    wipe(layout);
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(journal, history);
            lock.close();
            throw e;
        }
    }

    static Patchbay attach(PatchbayConfig config, BundleContext context) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDirectory());
        Journal journal = null;
        PersistentHistory history = null;
        RuntimeCore core = null;
        try {
            DataLayout layout = DataLayout.prepare(lock.directory());
            journal = openJournal(layout);
            history = openHistory(layout);
            BundleStore store = new BundleStore(layout.store(), new DurableFiles());
            core = new RuntimeCore(config, context, journal, store, layout, history, true);
            core.recover();
            core.startCommitted();
            return new EmbeddedPatchbay(null, core, lock, history);
        } catch (Exception | LinkageError e) {
            if (core != null) {
                core.close(true);
            }
            closeQuietly(journal, history);
            lock.close();
            throw e instanceof PatchbayException p ? p : new PatchbayException("cannot attach: " + e.getMessage(), e);
        }
    }

    /** A journal that cannot be read leaves the committed level unknown: refuse, change nothing, say what to do. */
    private static Journal openJournal(DataLayout layout) {
        try {
            return Journal.open(layout.journal());
        } catch (StoreException e) {
            throw new LocalStateException(e.getMessage() + ". Nothing was changed; the file is left for inspection."
                    + " Restore it from a backup, or move the state aside and start over from the initial bundles with"
                    + " Patchbay.resetLocalState(" + layout.root() + ") (see the host developer guide, \"Resetting local"
                    + " state\").", e);
        }
    }

    /** A history that cannot be read is refused like the journal: its records are what reports are made of. */
    private static PersistentHistory openHistory(DataLayout layout) {
        try {
            return new PersistentHistory(SwapHistory.open(layout.history()));
        } catch (StoreException e) {
            throw new LocalStateException(e.getMessage() + ". Nothing was changed; the file is left for inspection."
                    + " Move it aside to start a new history, or reset the data directory with"
                    + " Patchbay.resetLocalState(" + layout.root() + ").", e);
        }
    }

    private static void closeQuietly(Journal journal, PersistentHistory history) {
        if (journal != null) {
            journal.close();
        }
        if (history != null) {
            history.close();
        }
    }

    private static void discard(Framework framework, RuntimeCore core, Duration timeout) {
        if (core != null) {
            core.close(false);
        }
        stopFramework(framework, timeout);
    }

    private static void wipe(DataLayout layout) {
        try {
            DataLayout.deleteTree(layout.felixCache());
        } catch (java.io.IOException e) {
            throw new LocalStateException("cannot wipe container cache " + layout.felixCache() + ": " + e.getMessage(), e);
        }
    }

    /** @return whether the framework stopped within the timeout */
    private static boolean stopFramework(Framework framework, Duration timeout) {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(timeout.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.error("the container did not stop within {} (bundle code hangs in a stop)", timeout);
                return false;
            }
            return true;
        } catch (BundleException | RuntimeException e) {
            LOG.warn("stopping the container failed", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while waiting for the container to stop");
            return false;
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
    public PatchService patches() {
        return core.patches;
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

    /**
     * Waits (bounded) for a running swap to end, then stops; an attached runtime leaves the framework running. Returns
     * within a few operation timeouts even if bundle code hangs. If the container could not be stopped, the data
     * directory stays locked, since its threads may still write to it.
     */
    @Override
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Duration timeout = core.config.operationTimeout();
        boolean quiet = core.engine.exclusively(timeout.multipliedBy(2), () -> core.close(framework == null));
        if (!quiet) {
            LOG.error("a swap did not end within {}; stopping anyway", timeout.multipliedBy(2));
            core.close(framework == null);
        }
        boolean frameworkStopped = framework == null || stopFramework(framework, timeout);
        if (quiet && frameworkStopped) {
            closeQuietly(core.journal(), history);
            lock.close();
            LOG.info("Patchbay stopped");
        } else {
            LOG.error("Patchbay stopped with work still running in the container; the data directory {} stays locked"
                    + " until this process ends", lock.directory());
        }
    }

    private void requireRunning() {
        if (stopped.get()) {
            throw new IllegalStateException("the Patchbay runtime is stopped");
        }
    }
}
