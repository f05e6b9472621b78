package io.patchbay.server.store;

import java.time.Instant;
import java.util.List;

/** The last state a client reported; {@code lastSeen} is null until its first check-in. */
public record ClientState(String clientId, Instant lastSeen, long patchSequence, List<ReportedBundle> bundles,
                          String factsJson, String reportedChannel, long checkIns) {
    public ClientState {
        bundles = List.copyOf(bundles);
    }
}
