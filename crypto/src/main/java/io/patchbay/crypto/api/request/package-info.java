/**
 * Signed device requests: every request an enrolled client sends is signed with its Ed25519 key over the
 * method, the request target, its client id, a timestamp, a nonce and the body hash
 * ({@link io.patchbay.crypto.api.request.RequestFormat} has the exact format).
 * {@link io.patchbay.crypto.api.request.RequestSigner} is the client side;
 * {@link io.patchbay.crypto.api.request.RequestVerifier} the server side, which either names the client or
 * refuses with a {@link io.patchbay.crypto.api.request.Refusal} reason, recording nothing for a refused
 * request but, after the signature verified, its nonce.
 */
@Export
@Version("1.0.0")
package io.patchbay.crypto.api.request;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
