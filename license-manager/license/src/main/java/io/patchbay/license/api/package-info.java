/**
 * Licensing, the client-side API: signed license tokens, per-feature entitlements, and the callbacks a host
 * implements to show a user what is licensed.
 *
 * <p>A license is a JWS (RFC 7515) signed with a vendor Ed25519 key (EdDSA, RFC 8037), read and written by
 * {@link io.patchbay.license.api.LicenseTokens}: the algorithm is pinned, the key id is required and looked up
 * among several vendor keys (rotation), the claims ({@link io.patchbay.license.api.LicenseClaims}) are parsed
 * strictly and within size bounds. Every refusal is a {@link io.patchbay.license.api.LicenseException} naming a
 * {@link io.patchbay.license.api.LicenseCode}. The same class signs and checks the instance's activation and
 * lease requests and the server's lease grants, so client and server share one wire format.
 *
 * <p>A host (or the license gate) opens a {@link io.patchbay.license.api.LicenseClient} on its data directory: it
 * creates the instance key, computes the machine fingerprint from a {@link io.patchbay.license.api.FingerprintSource},
 * activates online through a {@link io.patchbay.license.api.LeaseTransport} or offline through a request file,
 * renews the lease and keeps a trusted-time mark, and publishes the result. Code that needs a feature asks
 * {@link io.patchbay.license.api.Entitlements} (cheap enough for hot paths); a host implements
 * {@link io.patchbay.license.api.LicenseCallbacks} for what a user should see.
 *
 * <p>The implementation is private to this jar and found through {@link io.patchbay.license.api.LicenseFactory}
 * (ServiceLoader on this package's own class loader), so the api never names it.
 */
@Export
@Version("1.1.0")
package io.patchbay.license.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
