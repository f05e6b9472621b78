package io.patchbay.sample.host.impl.http;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.sample.feature.api.Reports;
import io.patchbay.sample.host.impl.runtime.HostLicense;
import org.eclipse.jetty.server.Request;

/**
 * {@code GET /report?subject=X}: the licensed feature "reports", called through Patchbay's service access point.
 * While the feature is not licensed it answers 503 at once with the reason, rather than waiting for a service the
 * license gate keeps stopped.
 */
final class ReportEndpoint implements Endpoint {

    static final String FEATURE = "reports";

    private final ServiceAccess<Reports> reports;
    private final HostLicense license;

    ReportEndpoint(Patchbay patchbay, HostLicense license) {
        this.reports = patchbay.service(Reports.class);
        this.license = license;
    }

    @Override
    public Reply handle(Request request) {
        String subject = Request.extractQueryParameters(request).getValue("subject");
        if (subject == null || subject.isBlank() || subject.length() > GreetEndpoint.MAX_NAME_LENGTH) {
            throw new HttpError(400, "the query parameter 'subject' is required (1.." + GreetEndpoint.MAX_NAME_LENGTH
                    + " characters), e.g. /report?subject=sales");
        }
        if (license == null) {
            throw new HttpError(503, "feature '" + FEATURE + "' is not licensed: this host runs without licensing");
        }
        license.unavailable(FEATURE).ifPresent(reason -> {
            throw new HttpError(503, reason);
        });
        return Reply.text(200, reports.call(r -> r.report(subject)));
    }
}
