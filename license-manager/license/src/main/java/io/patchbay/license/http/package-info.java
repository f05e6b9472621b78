/**
 * The license client's production transport: {@link io.patchbay.license.http.HttpsLeaseTransport} speaks to the
 * license server's instance routes ({@link io.patchbay.license.http.LicenseRoutes}) over TLS pinned to the server's
 * key, with bounded timeouts and response sizes. A host passes it to
 * {@link io.patchbay.license.api.LicenseClient.Builder#transport}.
 */
@Export
@Version("1.0.0")
package io.patchbay.license.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
