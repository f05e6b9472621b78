/**
 * The license server's wire API, as paths and bounds ({@link io.patchbay.license.server.api.LicenseServerApi}):
 * what the instance-side lease transport and the operator command line speak. The messages themselves are the
 * license core's ({@code io.patchbay.license.api}: ActivationRequest, LeaseRequest, LeaseGrant, license tokens).
 */
@Export
@Version("1.0.0")
package io.patchbay.license.server.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
