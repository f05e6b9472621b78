package io.patchbay.sample.host.impl.runtime;

import io.patchbay.policy.api.CommitPoint;
import io.patchbay.policy.api.HostCallbacks;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the update agent may ask the sample host: whether it is idle (no HTTP request in flight) and, through the
 * {@link CommitPoint}, when a unit of work ended. The host's unit of work is an HTTP request, so its commit point
 * is reached when the last request in flight has been handled: an AFTER_COMMIT update swaps between requests,
 * on the thread that handled the last one, before that thread takes another.
 *
 * <p>When the server pushes "check now" (it does when it revokes or suspends this host's license), the agent calls
 * {@link #checkRequested()}, which runs what the host registered: the licensed host renews its lease at once.
 */
public final class HostActivity implements HostCallbacks {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final CommitPoint commitPoint = new CommitPoint();
    private volatile Runnable onCheckRequested = () -> { };

    /** A request arrived. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** A request has been handled; when it was the last one in flight, the commit point is reached. */
    public CommitPoint.Outcome finished() {
        if (inFlight.decrementAndGet() == 0) {
            return commitPoint.reached();
        }
        return CommitPoint.Outcome.NOT_NOW;
    }

    /** WHEN_IDLE: no request in flight at this moment. */
    @Override
    public boolean isIdle() {
        return inFlight.get() == 0;
    }

    /** What {@link #checkRequested()} runs; it must not block (the agent's thread calls it). */
    public void onCheckRequested(Runnable action) {
        this.onCheckRequested = java.util.Objects.requireNonNull(action, "action");
    }

    /** The server asked for a check (an accepted push): renew what the host caches from its servers. */
    @Override
    public void checkRequested() {
        onCheckRequested.run();
    }

    public CommitPoint commitPoint() {
        return commitPoint;
    }
}
