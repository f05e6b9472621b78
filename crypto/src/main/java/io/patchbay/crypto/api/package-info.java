/**
 * Patchbay's shared keys: Ed25519 signing keys ({@link io.patchbay.crypto.api.SigningKeyPair},
 * {@link io.patchbay.crypto.api.SigningPublicKey}), X25519 sealing keys
 * ({@link io.patchbay.crypto.api.SealingKeyPair}, {@link io.patchbay.crypto.api.SealingPublicKey}), their
 * strict encodings (raw 32 bytes, unpadded base64url, PEM SPKI / PKCS#8), owner-only key files
 * ({@link io.patchbay.crypto.api.KeyFiles}), TLS key pins ({@link io.patchbay.crypto.api.TlsPins}) and a trust
 * manager that trusts only them ({@link io.patchbay.crypto.api.PinnedTrustManager}).
 *
 * <p>Update-manager and license-manager both use this package; neither keeps its own copy. Decoding is
 * strict everywhere: a value has one accepted spelling, and anything else is a
 * {@link io.patchbay.crypto.api.KeyEncodingException}. Signed device requests live in
 * {@link io.patchbay.crypto.api.request}.
 */
@Export
@Version("1.3.0")
package io.patchbay.crypto.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
