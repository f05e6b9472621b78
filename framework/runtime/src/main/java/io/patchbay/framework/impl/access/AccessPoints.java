package io.patchbay.framework.impl.access;

import io.patchbay.framework.api.ServiceAccess;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.osgi.framework.BundleContext;

/** One tracked access point per service type, opened on first use and closed with the runtime. */
public final class AccessPoints implements AutoCloseable {
    private final BundleContext context;
    private final Duration timeout;
    private final ConcurrentMap<Class<?>, TrackedServiceAccess<?>> open = new ConcurrentHashMap<>();
    private final CallCounts counts = new CallCounts();
    private volatile boolean closed;

    public AccessPoints(BundleContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    @SuppressWarnings("unchecked")
    public <T> ServiceAccess<T> forType(Class<T> type) {
        if (closed) {
            throw new IllegalStateException("the runtime is stopped");
        }
        return (ServiceAccess<T>) open.computeIfAbsent(type, t -> new TrackedServiceAccess<>(context, type, timeout, counts));
    }

    /** The in-flight calls of every access point, and their drain. */
    public CallCounts counts() {
        return counts;
    }

    @Override
    public void close() {
        closed = true;
        open.values().forEach(TrackedServiceAccess::close);
        open.clear();
    }
}
