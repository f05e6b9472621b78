package io.patchbay.tuf.impl.http;

import java.net.HttpURLConnection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends one exchange at its deadline, unless the exchange finished first. Whoever settles first wins, so
 * a watchdog that fires after the body was read never disconnects: by then the connection may already
 * be back in the keep-alive cache (disconnecting then could only close an idle cached connection,
 * never one in use, but it would be pointless).
 */
final class Watchdog implements Runnable {
    private final HttpURLConnection connection;
    private final AtomicInteger state = new AtomicInteger();

    Watchdog(HttpURLConnection connection) {
        this.connection = connection;
    }

    @Override
    public void run() {
        if (state.compareAndSet(0, 2)) {
            connection.disconnect();
        }
    }

    /** @return true if the exchange finished before the deadline (the watchdog will not act any more) */
    boolean finish() {
        return state.compareAndSet(0, 1) || state.get() == 1;
    }

    boolean fired() {
        return state.get() == 2;
    }
}
