/**
 * What bundles running inside Patchbay may implement or read: health checks that gate a swap, and the
 * manifest headers the framework understands. The host exports this package into the container.
 */
@Export
@Version("1.0.0")
package io.patchbay.framework.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
