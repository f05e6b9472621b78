package io.patchbay.policy.impl;

import io.patchbay.policy.api.Decision;
import io.patchbay.policy.api.EngineSettings;
import io.patchbay.policy.api.PendingUpdate;
import io.patchbay.policy.api.PolicyEngine;
import io.patchbay.policy.api.PolicyReport;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine: {@link EngineCore}'s state machine, attached to the host's commit point, with its callback threads. */
final class DefaultPolicyEngine implements PolicyEngine {

    private final EngineCore core;
    private final AutoCloseable commitPointHandle;
    private final ExecutorService ownExecutor;

    DefaultPolicyEngine(EngineSettings settings) {
        ExecutorService own = null;
        Executor executor = settings.executor();
        if (executor == null) {
            own = Executors.newCachedThreadPool(daemonThreads());
            executor = own;
        }
        this.ownExecutor = own;
        this.core = new EngineCore(settings, executor);
        this.commitPointHandle = settings.commitPoint() == null ? null : settings.commitPoint().attach(core);
    }

    @Override
    public void offer(PendingUpdate update) {
        core.offer(Objects.requireNonNull(update, "update"));
    }

    @Override
    public void downloaded() {
        core.downloaded();
    }

    @Override
    public boolean cancel() {
        return core.cancel();
    }

    @Override
    public Decision tick() {
        return core.tick();
    }

    @Override
    public void swapFinished(boolean committed, String detail) {
        core.swapFinished(committed, detail);
    }

    @Override
    public Optional<PolicyReport> report() {
        return core.report();
    }

    @Override
    public void close() {
        try {
            if (commitPointHandle != null) {
                commitPointHandle.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (ownExecutor != null) {
                ownExecutor.shutdownNow();
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "patchbay-policy-callback-" + n.incrementAndGet());
            t.setDaemon(true); // a host callback that never returns must not keep the JVM alive
            return t;
        };
    }
}
