/**
 * What a host application uses to embed Patchbay: build and start the runtime, apply patches, read the
 * committed patch level, reach bundle services, and listen to swap events.
 */
@Export
@Version("1.3.0")
package io.patchbay.framework.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
