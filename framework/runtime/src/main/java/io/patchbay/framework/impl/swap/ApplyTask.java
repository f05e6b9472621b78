package io.patchbay.framework.impl.swap;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.restore.Restorer;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;

/**
 * APPLY: stop each patched bundle (transiently), update it in place or install a new one at
 * {@code patchbay:<bsn>}, then refresh only those, so the framework rewires just their dependency closure. Its undo
 * is the shared {@link Restorer}: it also covers START, whose only effect is bundles running.
 */
final class ApplyTask implements SwapTask {
    private final SwapContext swap;
    private final Container container;
    private final Restorer restorer;
    private final List<Bundle> patched = new ArrayList<>();

    ApplyTask(SwapContext swap, Container container, Restorer restorer) {
        this.swap = swap;
        this.container = container;
        this.restorer = restorer;
    }

    @Override
    public SwapStep step() {
        return SwapStep.APPLY;
    }

    /** The patch's bundles as installed, for START and the health gate. */
    List<Bundle> patched() {
        return List.copyOf(patched);
    }

    @Override
    public void run() throws Exception {
        List<Bundle> updated = new ArrayList<>();
        for (VerifiedBundle bundle : swap.bundles) {
            Optional<Bundle> existing = container.find(bundle.symbolicName());
            Bundle installed;
            if (existing.isPresent()) {
                installed = existing.get();
                container.stopTransient(installed);
                container.update(installed, bundle);
                updated.add(installed);
            } else {
                installed = container.install(bundle);
            }
            patched.add(installed);
            swap.progress(SwapStep.APPLY, (existing.isPresent() ? "updated " : "installed ")
                    + bundle.symbolicName() + " " + bundle.version());
        }
        container.refresh(updated);
    }

    @Override
    public void undo() throws Exception {
        restorer.restoreAndStart(swap.symbolicNames(), swap.before, detail -> swap.progress(SwapStep.ROLLBACK, detail));
    }
}
