package io.patchbay.framework.impl.swap;

import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.event.SwapEvents;
import io.patchbay.framework.impl.health.HealthGate;
import io.patchbay.framework.impl.journal.Journal;
import io.patchbay.framework.impl.restore.CommittedBundles;
import io.patchbay.framework.impl.restore.Restorer;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.verify.PublisherGate;
import java.time.Clock;
import java.time.Duration;

/** What the swap engine works with, wired once by the runtime. */
public record SwapParts(PublisherGate gate, BundleStore store, Journal journal, Container container,
                        CommittedBundles committed, Restorer restorer, HealthGate health, HistorySink history,
                        SwapEvents events, Clock clock, Duration healthTimeout, Duration recoveryRetry) {
}
