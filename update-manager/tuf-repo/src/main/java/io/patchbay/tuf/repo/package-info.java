/**
 * TUF repository tooling: key rings, and a {@link io.patchbay.tuf.repo.TufRepository} that initialises,
 * edits, signs and publishes a directory of static TUF 1.0 files (metadata/ and targets/) that any HTTP
 * server can serve.
 */
@Export
@Version("1.0.0")
package io.patchbay.tuf.repo;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
