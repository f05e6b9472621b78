/**
 * What bundles running inside Patchbay may implement or read: health checks that gate a swap, the manifest headers
 * the framework understands, the feature gate that licensed bundles need, and the drain of in-flight host calls.
 * The host exports this package into the container.
 */
@Export
@Version("1.1.0")
package io.patchbay.framework.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
