/**
 * The entry point of the TUF client: {@link io.patchbay.tuf.client.TufClient} builds an updater from the
 * implementation. Program against {@code io.patchbay.tuf.api}; this package only wires.
 */
@Export
@Version("1.0.0")
package io.patchbay.tuf.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
