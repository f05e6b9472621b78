package io.patchbay.server.store;

import java.time.Instant;
import java.util.List;

/**
 * The last state a client reported.
 *
 * @param clientId        the client
 * @param lastSeen        its last check-in; null until the first
 * @param patchSequence   the reported patch level's sequence
 * @param bundles         the reported bundles
 * @param factsJson       the reported host facts, JSON object text
 * @param reportedChannel the channel the client believes it is on
 * @param checkIns        how many check-ins it made
 */
public record ClientState(String clientId, Instant lastSeen, long patchSequence, List<ReportedBundle> bundles,
                          String factsJson, String reportedChannel, long checkIns) {
    /**
     * Copies the bundle list.
     *
     * @param clientId        the client
     * @param lastSeen        its last check-in, or null before the first
     * @param patchSequence   the reported patch level's sequence
     * @param bundles         the reported bundles (copied)
     * @param factsJson       the reported host facts, JSON object text
     * @param reportedChannel the channel the client believes it is on
     * @param checkIns        how many check-ins it made
     */
    public ClientState {
        bundles = List.copyOf(bundles);
    }
}
