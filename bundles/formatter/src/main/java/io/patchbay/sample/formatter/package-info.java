/**
 * Formats names for display. Bundles import this package (any 1.x) rather than a service, so that an
 * update of the formatter bundle only reaches its importers through a refresh.
 */
@Export
@Version("1.0.0")
package io.patchbay.sample.formatter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
