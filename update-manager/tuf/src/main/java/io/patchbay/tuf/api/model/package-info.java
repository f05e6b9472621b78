/**
 * Read-only, role-specific views over verified (or to-be-signed) metadata trees: root, timestamp,
 * snapshot, targets and delegations. Views read from the JSON tree, so unknown fields stay in the tree.
 */
@Export
@Version("2.0.0")
package io.patchbay.tuf.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
