/**
 * The services that sample feature bundles provide to a host. The host owns this package: it is on the
 * host's class path and exported into the container, so host and bundles share the same types.
 */
@Export
@Version("1.1.0")
package io.patchbay.sample.feature.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
