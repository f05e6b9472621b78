package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayConfig;
import io.patchbay.framework.api.PatchbayFactory;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** The factory {@link PatchbayFactory#get()} finds through META-INF/services. */
public final class DefaultPatchbayFactory implements PatchbayFactory {

    @Override
    public Patchbay start(PatchbayConfig config) {
        return EmbeddedPatchbay.start(config);
    }

    @Override
    public Patchbay attach(PatchbayConfig config, BundleContext context) {
        return EmbeddedPatchbay.attach(config, context);
    }

    @Override
    public Path resetLocalState(Path dataDirectory) {
        return LocalStateReset.moveAside(dataDirectory);
    }
}
