/**
 * The TUF 1.0 client API and the shared metadata model: canonical JSON, keys, signers, the signed
 * {@link io.patchbay.tuf.api.Metadata} envelope, the {@link io.patchbay.tuf.api.TufUpdater} and its
 * pluggable parts, and one exception type per failed check (all extending {@link io.patchbay.tuf.api.TufException}).
 */
@Export
@Version("1.0.0")
package io.patchbay.tuf.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
