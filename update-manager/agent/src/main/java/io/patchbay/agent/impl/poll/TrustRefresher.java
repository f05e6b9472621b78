package io.patchbay.agent.impl.poll;

import java.util.function.LongSupplier;

/**
 * Refreshes the signed trust metadata before a check-in and answers the trusted root's version; null without a
 * refresher or when the refresh failed: the check-in still runs (the last trusted metadata stays in force, as TUF
 * prescribes), and the failure is logged once until it changes. Used on the agent's thread only.
 */
final class TrustRefresher {
    private final LongSupplier refresh;
    private final StatusLog log;
    /** The last failure logged, so a lasting one is one line, not one per check. */
    private String failureLogged;

    TrustRefresher(LongSupplier refresh, StatusLog log) {
        this.refresh = refresh;
        this.log = log;
    }

    Long refresh() {
        if (refresh == null) {
            return null;
        }
        try {
            long version = refresh.getAsLong();
            if (failureLogged != null) {
                log.info("trust metadata refreshed again (root v" + version + ")");
                failureLogged = null;
            }
            return version;
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            if (!why.equals(failureLogged)) {
                log.warn("refreshing the trust metadata failed, checking in with the last trusted: " + why);
                failureLogged = why;
            }
            return null;
        }
    }
}
