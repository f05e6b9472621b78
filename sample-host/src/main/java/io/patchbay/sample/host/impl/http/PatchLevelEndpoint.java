package io.patchbay.sample.host.impl.http;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.sample.host.impl.json.PatchLevelView;
import org.eclipse.jetty.server.Request;

/** {@code GET /patch-level}: the committed bundle set, never a half-applied one. */
final class PatchLevelEndpoint implements Endpoint {

    private final Patchbay patchbay;

    PatchLevelEndpoint(Patchbay patchbay) {
        this.patchbay = patchbay;
    }

    @Override
    public Reply handle(Request request) {
        return Reply.json(200, PatchLevelView.of(patchbay.patchLevel()));
    }
}
