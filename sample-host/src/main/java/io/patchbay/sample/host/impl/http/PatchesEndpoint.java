package io.patchbay.sample.host.impl.http;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.sample.host.impl.json.SwapReport;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * {@code POST /patches}: applies one patch as a transaction and answers with the swap report. The status
 * says how it ended: 200 committed, 422 rejected before anything ran, 409 rolled back, 500 rollback failed.
 */
final class PatchesEndpoint implements Endpoint {

    private final Patchbay patchbay;

    PatchesEndpoint(Patchbay patchbay) {
        this.patchbay = patchbay;
    }

    @Override
    public Reply handle(Request request) throws Exception {
        Patch patch = PatchRequests.read(request, mediaType(request));
        SwapResult result = patchbay.apply(patch);
        return Reply.json(status(result.outcome()), SwapReport.of(result));
    }

    static int status(SwapResult.Outcome outcome) {
        return switch (outcome) {
            case COMMITTED -> 200;
            case REJECTED -> 422;
            case ROLLED_BACK -> 409;
            // apply never returns CRASHED (a history-only outcome); were it to, it would be a server error
            case ROLLBACK_FAILED, CRASHED -> 500;
        };
    }

    private static String mediaType(Request request) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null) {
            throw new HttpError(415, "a Content-Type is required: " + PatchRequests.JSON
                    + " (a list of files) or " + PatchRequests.JAR + " (one bundle jar)");
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase();
    }
}
