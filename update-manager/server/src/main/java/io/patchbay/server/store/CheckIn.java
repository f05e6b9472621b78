package io.patchbay.server.store;

import java.util.List;

/**
 * What a client reports when it checks in: its running patch level (sequence and bundles), host facts as a
 * JSON object, and the channel it believes it is on.
 *
 * @param clientId      the client
 * @param patchSequence the running patch level's sequence
 * @param bundles       the running bundles
 * @param factsJson     host facts, one JSON object as text (at most {@link StoreLimits#MAX_FACTS_JSON_BYTES})
 * @param channel       the channel the client believes it is on
 */
public record CheckIn(String clientId, long patchSequence, List<ReportedBundle> bundles, String factsJson,
                      String channel) {
    /**
     * Copies the bundle list.
     *
     * @param clientId      the client
     * @param patchSequence the running patch level's sequence
     * @param bundles       the running bundles (copied)
     * @param factsJson     host facts, one JSON object as text
     * @param channel       the channel the client believes it is on
     */
    public CheckIn {
        bundles = List.copyOf(bundles);
    }
}
