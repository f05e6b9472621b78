/**
 * The update server's entry point: {@link io.patchbay.server.api.UpdateServer#builder} configures it,
 * {@code init()} creates its TLS identity and first admin token, {@code start()} serves the device and admin
 * APIs over HTTPS.
 */
@Export
@Version("0.2.0")
package io.patchbay.server.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
