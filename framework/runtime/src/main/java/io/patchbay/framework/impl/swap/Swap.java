package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.event.SwapEvents;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;

/** The state of one swap transaction, shared by its tasks. */
final class Swap {
    final String transactionId;
    final Patch patch;
    final PatchLevel before;
    private final SwapEvents events;

    /** Set by VERIFY, sorted by symbolic name. */
    List<VerifiedBundle> bundles = List.of();
    /** Symbolic names APPLY started to change: what the undo must restore. */
    final Set<String> attempted = new LinkedHashSet<>();
    /** Committed bundles of the patch that were ACTIVE before APPLY stopped them. */
    final Set<String> wasActive = new HashSet<>();
    /** The patch's bundles as installed, for START and the health gate. */
    final List<Bundle> patched = new ArrayList<>();
    PatchLevel after;
    boolean undoFailed;

    Swap(String transactionId, Patch patch, PatchLevel before, SwapEvents events) {
        this.transactionId = transactionId;
        this.patch = patch;
        this.before = before;
        this.after = before;
        this.events = events;
    }

    void progress(SwapStep step, String detail) {
        events.emit(transactionId, step, SwapEvent.Phase.PROGRESS, detail);
    }
}
