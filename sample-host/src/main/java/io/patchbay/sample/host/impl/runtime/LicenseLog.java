package io.patchbay.sample.host.impl.runtime;

import io.patchbay.license.api.LicenseCallbacks;
import io.patchbay.license.api.LicenseCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the user should see about the license: each callback goes to the host's log and to a short history that
 * {@code GET /license} shows; the last reason a feature was turned off is kept for the feature's 503 answer.
 */
public final class LicenseLog implements LicenseCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger("io.patchbay.sample.host.license");
    /** Enough to see what happened lately; older events are in the log. */
    static final int HISTORY = 32;

    /** One event: when (host time), what, which feature, why, and the sentence for a user. */
    public record Event(Instant at, String kind, String feature, String code, String message) {
    }

    private final Clock clock;
    private final Deque<Event> history = new ArrayDeque<>();
    private final Map<String, String> offReasons = new ConcurrentHashMap<>();
    private volatile Consumer<Event> observer = event -> { };

    LicenseLog(Clock clock) {
        this.clock = clock;
    }

    /** Also tells {@code watcher} of each event (the demo prints them). */
    public void observe(Consumer<Event> watcher) {
        observer = watcher;
    }

    @Override
    public void expiringSoon(String feature, Instant at) {
        record("expiring", feature, LicenseCode.VALID, "Feature '" + feature + "' expires at " + at + ".");
    }

    @Override
    public void inGrace(String feature, LicenseCode reason, Instant until) {
        record("in-grace", feature, reason, "Feature '" + feature + "' runs on grace until " + until + " ("
                + reason + "): renew the license before then.");
    }

    @Override
    public void disabled(String feature, LicenseCode code, String message) {
        offReasons.put(feature, message);
        record("disabled", feature, code, message);
    }

    @Override
    public void enabled(String feature) {
        offReasons.remove(feature);
        record("enabled", feature, LicenseCode.VALID, "Feature '" + feature + "' is enabled.");
    }

    /** The sentence given when {@code feature} was last turned off, if it is off since. */
    String offReason(String feature) {
        return offReasons.get(feature);
    }

    public synchronized List<Event> recent() {
        return List.copyOf(history);
    }

    private void record(String kind, String feature, LicenseCode code, String message) {
        Event event = new Event(clock.instant(), kind, feature, code.name(), message);
        if (kind.equals("enabled") || kind.equals("expiring")) {
            LOG.info("License: {}", message);
        } else {
            LOG.warn("License: {}", message);
        }
        synchronized (this) {
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(event);
        }
        observer.accept(event);
    }
}
