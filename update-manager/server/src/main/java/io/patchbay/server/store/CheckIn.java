package io.patchbay.server.store;

import java.util.List;

/**
 * What a client reports when it checks in: its running patch level (sequence and bundles), host facts as a
 * JSON object, and the channel it believes it is on.
 */
public record CheckIn(String clientId, long patchSequence, List<ReportedBundle> bundles, String factsJson,
                      String channel) {
    public CheckIn {
        bundles = List.copyOf(bundles);
    }
}
