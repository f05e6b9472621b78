/**
 * Push messages: the server's "check now" and "report home" wake-ups. A push carries no location and nothing but
 * an audience (client id), a counter, a validity window, an action from a fixed set and an urgency hint.
 *
 * <p>It is signed, then sealed (sign-then-seal): the body is signed with the server's Ed25519 push key (listed in
 * the repository's signed root), and body, key id and signature are sealed to the client's X25519 key with HPKE
 * base mode ({@link io.patchbay.crypto.api.SealedBox}). {@link io.patchbay.crypto.api.push.PushSealer} is the
 * server side, {@link io.patchbay.crypto.api.push.PushOpener} the client's stateless checks; the client keeps the
 * counter and the rate limit itself. Every refusal has a {@link io.patchbay.crypto.api.push.PushRefusal} reason.
 */
@Export
@Version("1.1.0")
package io.patchbay.crypto.api.push;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
