/**
 * The TUF 1.0 client API and the shared metadata model: canonical JSON, strict JSON parsing, keys, the
 * signed {@link io.patchbay.tuf.api.Metadata} envelope, the {@link io.patchbay.tuf.api.TufUpdater} and its
 * pluggable parts, and one exception type per failed check in three families under
 * {@link io.patchbay.tuf.api.TufException}: verification, transport and local storage.
 *
 * <p>Metadata is a Jackson tree on purpose (unknown fields must survive and stay signed), so Jackson's
 * {@code JsonNode}/{@code ObjectNode} appear in this package's signatures; the bundle imports Jackson with
 * a pinned range. The updater itself ({@code TufUpdater}, {@code TargetFile}) needs no Jackson calls.
 */
@Export
@Version("2.3.0")
package io.patchbay.tuf.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
