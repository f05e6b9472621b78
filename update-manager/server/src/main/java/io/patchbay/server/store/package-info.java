/**
 * The update server's fleet storage API: the records the repositories return and one checked exception per
 * kind of refusal, so the HTTP layers can map each to its status without string matching:
 * {@link io.patchbay.server.store.InvalidInputException} (and its {@link io.patchbay.server.store.LimitExceededException})
 * to 400/413, {@link io.patchbay.server.store.TokenRejectedException} and the client refusals to 401/403, and
 * {@link io.patchbay.server.store.StoreUnavailableException} to 503 with Retry-After.
 *
 * <p>Every refusal happens before anything is written, and every write runs in one transaction: a refused or
 * failed call leaves the database as it was.
 */
@Export
@Version("0.2.0")
package io.patchbay.server.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
