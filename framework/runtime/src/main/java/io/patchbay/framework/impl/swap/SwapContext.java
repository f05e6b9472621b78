package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.event.SwapEvents;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.util.List;

/**
 * What every step of one swap reads and nobody changes: the patch, its verified bundles (sorted by symbolic name),
 * its identity, and the committed level it started from.
 */
final class SwapContext {
    final String transactionId;
    final Patch patch;
    final List<VerifiedBundle> bundles;
    final String patchId;
    final PatchLevel before;
    private final SwapEvents events;

    SwapContext(String transactionId, Patch patch, List<VerifiedBundle> bundles, PatchLevel before, SwapEvents events) {
        this.transactionId = transactionId;
        this.patch = patch;
        this.bundles = List.copyOf(bundles);
        this.patchId = PatchIdentity.of(bundles.stream().map(VerifiedBundle::sha256).toList());
        this.before = before;
        this.events = events;
    }

    List<String> symbolicNames() {
        return bundles.stream().map(VerifiedBundle::symbolicName).toList();
    }

    List<BundleRecord> records() {
        return bundles.stream().map(VerifiedBundle::record).toList();
    }

    void progress(SwapStep step, String detail) {
        events.emit(transactionId, step, SwapEvent.Phase.PROGRESS, detail);
    }
}
